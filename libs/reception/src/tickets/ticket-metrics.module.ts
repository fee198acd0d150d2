import { Module } from '@nestjs/common';
import { TicketMetricsRepository } from './ticket-metrics.repository';
import { TicketMetricsService } from './ticket-metrics.service';

/**
 * The counter queue's figures, without a route: GET /metrics/tickets is served by the metrics
 * library's one `metrics` controller, which imports this module (metrics → reception; reception
 * never imports metrics, so there is no cycle).
 */
@Module({
  providers: [TicketMetricsRepository, TicketMetricsService],
  exports: [TicketMetricsService],
})
export class TicketMetricsModule {}
