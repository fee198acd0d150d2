export * from './reception.module';
export { OPEN311_ERROR_RENDERER } from './grievances/open311/open311.format';
export { AppointmentsWorkerModule } from './appointments/appointment-sweep.job';
export { Clock } from './clock';
export { TicketMetricsModule } from './tickets/ticket-metrics.module';
export { TicketMetricsService } from './tickets/ticket-metrics.service';
export { TicketMetricsDto, TicketMetricsQuery } from './tickets/dto/ticket-metrics.dto';
