import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { bullConnectionOptions } from './redis.module';

/** Every queue's name, in one place. */
export const QUEUES = {
  outboxRelay: 'outbox-relay',
  notifications: 'notifications',
  sla: 'sla',
  webhooks: 'webhooks',
  certificates: 'certificates',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Shared defaults: retried with exponential backoff, kept briefly when done, kept when failed. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/**
 * Creates BullMQ queues and workers with one connection recipe and shared defaults,
 * and closes them all on shutdown (workers first, so in-flight jobs finish).
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  queue(name: QueueName, defaultJobOptions: JobsOptions = {}): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: bullConnectionOptions(this.config.REDIS_URL),
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...defaultJobOptions },
      });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  worker<T = unknown, R = unknown>(name: QueueName, processor: Processor<T, R>, options: Partial<WorkerOptions> = {}): Worker<T, R> {
    const w = new Worker<T, R>(name, processor, {
      connection: bullConnectionOptions(this.config.REDIS_URL),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 4,
      ...options,
    });
    w.on('error', () => undefined);
    this.workers.push(w as Worker);
    return w;
  }

  allQueues(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
