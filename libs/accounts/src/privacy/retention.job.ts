import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, PeriodicTask, PeriodicTasks } from '@app/core';
import { RetentionService } from './retention.service';

/** Applies the retention periods (worker side): at start, then every RETENTION_INTERVAL_SECONDS. */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(retention: RetentionService, config: AppConfig, tasks: PeriodicTasks) {
    // One worker of the fleet per period.
    this.task = tasks.every('RetentionJob', config.RETENTION_INTERVAL_SECONDS, () => retention.run(false));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}

@Module({
  providers: [RetentionService, RetentionJob],
})
export class PrivacyWorkerModule {}
