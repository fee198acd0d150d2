import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig, outboxPayload, PeriodicTask, PeriodicTasks, QueueFactory, QUEUES, SlaSyncPayload } from '@app/core';
import { SlaTimers, TimerJobData } from '../sla-timers';

/** Job data of the `sla.sync` outbox topic. */
export type SlaSyncJobData = SlaSyncPayload;

/**
 * The worker side of SLA timers: the processor only adapts jobs to SlaTimers. The reconciler
 * runs at start and then periodically from an in-process timer (not a Redis schedule, which a
 * flush would erase along with the timers it is meant to restore).
 */
@Injectable()
export class SlaJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SlaJob');
  private readonly reconciler: PeriodicTask;

  constructor(
    private readonly timers: SlaTimers,
    @Inject(QueueFactory) private readonly queues: QueueFactory,
    config: AppConfig,
    tasks: PeriodicTasks,
  ) {
    // One worker of the fleet rebuilds the timers per period (their job ids are deterministic anyway).
    this.reconciler = tasks.every('SlaReconciler', config.SLA_RECONCILE_SECONDS, async () =>
      this.logger.log(`SLA reconciler: ${await this.timers.reconcile()} running clocks checked`),
    );
  }

  onApplicationBootstrap(): void {
    this.queues.worker(QUEUES.sla, (job) => this.handle(job), { concurrency: 8 });
    this.reconciler.start();
  }

  onApplicationShutdown(): void {
    this.reconciler.stop();
  }

  async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'warn':
      case 'breach':
      case 'tacit':
        return this.timers.fire(job.name, job.data as TimerJobData);
      default:
        // `sla.sync` rows relayed from the outbox.
        return this.timers.sync(outboxPayload('sla.sync', job.data).requestId);
    }
  }
}
