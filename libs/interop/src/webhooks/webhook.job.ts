import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { DomainEventPayload, OutboxReconciler, outboxPayload, QUEUES, QueueFactory } from '@app/core';
import { DELIVER_JOB, DeliverJobData, WebhookDispatcher } from './webhook-dispatcher';

/** Accepts the relay's job data as the bare payload or as the outbox row that carries it. */
function eventOf(data: unknown): DomainEventPayload {
  const d = data as { payload?: DomainEventPayload } & DomainEventPayload;
  return d.payload && typeof d.payload === 'object' ? d.payload : d;
}

/** The `webhooks` queue: outbox `event` messages (fan-out) and the deliveries they create. */
@Injectable()
export class WebhookJob implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker;

  constructor(
    private readonly queues: QueueFactory,
    private readonly dispatcher: WebhookDispatcher,
    private readonly reconciler: OutboxReconciler,
  ) {}

  onModuleInit(): void {
    this.reconciler.register({ name: 'webhook-events', queue: QUEUES.webhooks, find: (g, w) => this.dispatcher.unfannedEvents(g, w) });
    this.reconciler.register({
      name: 'webhook-deliveries',
      queue: QUEUES.webhooks,
      find: (g, w) => this.dispatcher.pendingDeliveries(g, w),
    });
  }

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker(QUEUES.webhooks, (job) => this.handle(job), { concurrency: 16 });
  }

  /** Lets in-flight deliveries finish and log their attempt while PostgreSQL is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async handle(job: Job): Promise<void> {
    if (job.name === DELIVER_JOB) return this.dispatcher.deliver(job as Job<DeliverJobData>);
    await this.dispatcher.fanOut(outboxPayload('event', eventOf(job.data)));
  }
}
