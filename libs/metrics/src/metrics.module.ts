import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { MetricsController, TransparencyController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { PrometheusController, PrometheusService } from './prometheus';

@Module({
  controllers: [MetricsController, TransparencyController, PrometheusController],
  providers: [MetricsRepository, MetricsService, PrometheusService],
})
export class MetricsModule {}

/** Keeps the daily aggregates fresh (worker side): at start, then every METRICS_REFRESH_SECONDS. */
@Injectable()
export class MetricsRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsRefreshJob');
  private interval?: NodeJS.Timeout;

  constructor(
    private readonly repo: MetricsRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const refresh = () => this.repo.refresh().catch((e) => this.logger.error(`refresh failed: ${(e as Error).message}`));
    void refresh();
    this.interval = setInterval(refresh, this.config.METRICS_REFRESH_SECONDS * 1000);
    this.interval.unref();
  }

  onApplicationShutdown(): void {
    if (this.interval) clearInterval(this.interval);
  }
}

@Module({
  providers: [MetricsRepository, MetricsRefreshJob],
  exports: [MetricsRepository],
})
export class MetricsWorkerModule {}
