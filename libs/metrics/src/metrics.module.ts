import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, PeriodicTask, PeriodicTasks } from '@app/core';
import { TicketMetricsModule } from '@app/reception';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { PrometheusService } from './prometheus.service';
import { TransparencyController } from './transparency.controller';

@Module({
  imports: [TicketMetricsModule],
  controllers: [MetricsController, TransparencyController],
  providers: [MetricsRepository, MetricsService, PrometheusService],
})
export class MetricsModule {}

/** Keeps the daily aggregates fresh (worker side): at start, then every METRICS_REFRESH_SECONDS. */
@Injectable()
export class MetricsRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(repo: MetricsRepository, config: AppConfig, tasks: PeriodicTasks) {
    // One worker of the fleet per period.
    this.task = tasks.every('MetricsRefreshJob', config.METRICS_REFRESH_SECONDS, () => repo.refresh());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}

@Module({
  providers: [MetricsRepository, MetricsRefreshJob],
  exports: [MetricsRepository],
})
export class MetricsWorkerModule {}
