import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { NotifyPayload, OutboxReconciler, outboxPayload, QueueFactory, QUEUES } from '@app/core';
import { PermanentDeliveryFailure } from '../providers/provider';
import { NotificationsService } from '../notifications.service';

/** Job data of a re-drive requested by ops. */
export interface RedriveJobData {
  outboxJobId: string;
  payload: NotifyPayload;
}

/** Worker side: adapts `notify` jobs (relayed from the outbox) and re-drives to the service. */
@Injectable()
export class NotifyJob implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueFactory,
    private readonly notifications: NotificationsService,
    private readonly reconciler: OutboxReconciler,
  ) {}

  onModuleInit(): void {
    this.reconciler.register({ name: 'notifications', queue: QUEUES.notifications, find: (g, w) => this.notifications.unsent(g, w) });
  }

  onApplicationBootstrap(): void {
    this.queues.worker(QUEUES.notifications, (job) => this.handle(job), { concurrency: 16 });
  }

  async handle(job: Job): Promise<unknown> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const [id, data] =
      job.name === 'redrive' ? [(job.data as RedriveJobData).outboxJobId, (job.data as RedriveJobData).payload] : [job.id!, job.data];
    // Checked before anything is sent: a payload that is not a `notify` one fails once, with the reason.
    const payload = outboxPayload('notify', data);
    try {
      return await this.notifications.deliver(id, payload, final);
    } catch (e) {
      if (e instanceof PermanentDeliveryFailure) throw new UnrecoverableError(e.message);
      throw e;
    }
  }
}
