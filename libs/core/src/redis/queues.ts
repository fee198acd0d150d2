import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { maskContacts } from '../privacy/mask';
import { bullConnectionOptions, REDIS } from './redis.module';

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

/** The Redis hash counting jobs failed for good, per queue (read by the API's /metrics). */
export const jobsFailedKey = (prefix: string) => `${prefix}:jobs_failed_total`;

/** Ids a job's data may name, in the order they identify the object best; never personal data. */
const OBJECT_KEYS = ['certificateId', 'deliveryId', 'notificationId', 'requestId', 'ticketId', 'grievanceId'] as const;

/** `certificateId=<uuid>` (or the event's id): what a failed job concerned, safe to log. */
export function objectOf(data: unknown): string | null {
  const d = (data ?? {}) as Record<string, unknown> & { payload?: Record<string, unknown>; data?: Record<string, unknown> };
  for (const source of [d, d.payload, d.data, d.payload?.data as Record<string, unknown> | undefined]) {
    if (!source || typeof source !== 'object') continue;
    for (const k of OBJECT_KEYS) if (typeof source[k] === 'string') return `${k}=${source[k] as string}`;
  }
  return typeof d.id === 'string' && typeof d.type === 'string' ? `eventId=${d.id}` : null;
}

/** An error's name and first line, addresses and phone numbers masked. */
function scrub(err: Error | undefined): string {
  return `${err?.name ?? 'Error'}: ${maskContacts((err?.message ?? '').split('\n')[0].slice(0, 200))}`;
}

/**
 * Creates BullMQ queues and workers with one connection recipe and shared defaults,
 * and closes them all on shutdown (workers first, so in-flight jobs finish).
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly logger = new Logger('Jobs');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: bullConnectionOptions(this.config),
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...QUEUE_JOB_OPTIONS[name], ...this.configuredJobOptions(name) },
      });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * A render fails while Chromium is missing or crashing: retried from CERT_RENDER_BACKOFF_MS,
   * doubling, for hours (13 attempts from 10 s ≈ 11 h), each with a freshly started browser; then
   * it waits in the failed set, listed by GET /ops/queues, for POST /ops/jobs/certificates/{id}/retry.
   */
  private configuredJobOptions(name: QueueName): JobsOptions {
    if (name !== QUEUES.certificates) return {};
    return { attempts: this.config.CERT_RENDER_ATTEMPTS, backoff: { type: 'exponential', delay: this.config.CERT_RENDER_BACKOFF_MS } };
  }

  worker<T = unknown, R = unknown>(name: QueueName, processor: Processor<T, R>, options: Partial<WorkerOptions> = {}): Worker<T, R> {
    const w = new Worker<T, R>(name, processor, {
      connection: bullConnectionOptions(this.config),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 4,
      ...QUEUE_WORKER_OPTIONS[name],
      ...options,
    });
    w.on('error', () => undefined);
    w.on('failed', (job, err) => {
      if (job) void this.failedForGood(name, job as Job, err);
    });
    this.workers.push(w as Worker);
    return w;
  }

  /**
   * BullMQ emits `failed` for every attempt; `finishedOn` is set only when it will not retry.
   * Then the failure must reach ops: an error line (queue, job id, object; the reason's first
   * line, never the job's data) and the per-queue counter.
   */
  private async failedForGood(queue: QueueName, job: Job, err: Error): Promise<void> {
    if (!job.finishedOn) return;
    this.logger.error(
      { queue, jobId: job.id, object: objectOf(job.data), attempts: job.attemptsMade, reason: scrub(err) },
      `job failed for good in ${queue}`,
    );
    await this.redis.hincrby(jobsFailedKey(this.config.QUEUE_PREFIX), queue, 1).catch(() => undefined);
  }

  allQueues(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
