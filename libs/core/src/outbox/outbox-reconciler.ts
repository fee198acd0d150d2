import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { QueueFactory, QueueName } from '../redis/queues';
import { PeriodicTask, PeriodicTasks } from '../tasks/periodic';

/** A job to add again, under the id it had (so one that still exists is not added twice). */
export interface ReconcileJob {
  name: string;
  data: unknown;
  opts: JobsOptions & { jobId: string };
}

/**
 * One kind of work whose effect can be checked in PostgreSQL: `find` returns the jobs of
 * everything relayed between `windowHours` and `graceSeconds` ago whose effect is missing.
 */
export interface ReconcileSweep {
  name: string;
  queue: QueueName;
  find(graceSeconds: number, windowHours: number): Promise<ReconcileJob[]>;
}

/** SQL for the job id the relay gave an outbox row (outboxJobId), to compare with what the effect recorded. */
export const OUTBOX_JOB_ID_SQL = (alias: string) =>
  `'outbox-' || ${alias}.id || '-' || floor(extract(epoch FROM ${alias}.created_at) * 1000)::bigint`;

const CHUNK = 500;

/**
 * Redis holds jobs, PostgreSQL the truth: after Redis lost its data (restarted without
 * persistence, a failover to a lagging replica) the outbox rows are marked relayed but their jobs
 * are gone. Each domain registers a sweep; the worker runs them at start and every
 * RECONCILE_SECONDS and adds the missing jobs back under the same ids. The processors are
 * idempotent, so a job re-added whose effect appears meanwhile does nothing twice.
 */
@Injectable()
export class OutboxReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private readonly sweeps: ReconcileSweep[] = [];
  private task?: PeriodicTask;

  constructor(
    @Inject(QueueFactory) private readonly queues: QueueFactory,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(PeriodicTasks) private readonly tasks: PeriodicTasks,
  ) {}

  register(sweep: ReconcileSweep): void {
    this.sweeps.push(sweep);
  }

  onApplicationBootstrap(): void {
    // Only processes with processors register sweeps (the worker); the API's instance stays idle.
    if (!this.sweeps.length) return;
    // One worker of the fleet per period (the jobs it adds keep their ids, so two would not double them).
    this.task = this.tasks.every('Reconciler', this.config.RECONCILE_SECONDS, () => this.reconcileOnce());
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task?.stop();
  }

  /** One pass of every sweep; returns how many jobs each re-added (0 when nothing was missing). */
  async reconcileOnce(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const s of this.sweeps) {
      const jobs = await s.find(this.config.RECONCILE_GRACE_SECONDS, this.config.RECONCILE_WINDOW_HOURS);
      let added = 0;
      for (let i = 0; i < jobs.length; i += CHUNK) {
        const chunk = jobs.slice(i, i + CHUNK);
        const queue = this.queues.queue(s.queue);
        // Only ids Redis does not know (addBulk would ignore the others anyway).
        const states = await Promise.all(chunk.map((j) => queue.getJobState(j.opts.jobId)));
        const missing = chunk.filter((_j, k) => states[k] === 'unknown');
        if (missing.length) await queue.addBulk(missing);
        added += missing.length;
      }
      counts[s.name] = added;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.warn({ reenqueued: counts }, `re-enqueued ${total} jobs whose effect was missing in PostgreSQL`);
    return counts;
  }
}
