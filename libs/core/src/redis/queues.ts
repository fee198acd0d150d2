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
 * A queue's own defaults over the shared ones, in one table: a queue is created once per process
 * by whichever caller comes first (the outbox relay, ops, a domain service), so its options
 * cannot depend on who that is. BullMQ writes a job's options into every job's hash: what can
 * be a worker option instead (removeOnComplete) is one, where jobs are counted in millions.
 */
const QUEUE_JOB_OPTIONS: Partial<Record<QueueName, JobsOptions>> = {
  // SLA timers: one or two pending per open request; a timer that cannot fire yet retries longer.
  sla: { attempts: 10, removeOnComplete: undefined },
};

/** Worker options that keep per-job options small (see QUEUE_JOB_OPTIONS). */
const QUEUE_WORKER_OPTIONS: Partial<Record<QueueName, Partial<WorkerOptions>>> = {
  sla: { removeOnComplete: { age: 7 * 24 * 3600 } },
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

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: bullConnectionOptions(this.config.REDIS_URL),
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...QUEUE_JOB_OPTIONS[name] },
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
      ...QUEUE_WORKER_OPTIONS[name],
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
