import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, LowPriority, Principal, Public, Roles } from '@app/core';
import { TicketMetricsDto, TicketMetricsQuery, TicketMetricsService } from '@app/reception';
import { CensusQuery, ProcessingTimesQuery } from './dto/metrics-query.dto';
import { CensusDto, ProcessingTimesDto, ProvinceViewDto, SlaDto } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';
import { PrometheusService } from './prometheus.service';

/**
 * Every route under /metrics: the Prometheus scrape (public, unprefixed), the dashboards (signed-in
 * staff) and the counter queue's figures (the reception library's service). Each route names its
 * own auth; the operationIds of the controllers merged here are kept, so clients see no change.
 */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly prometheus: PrometheusService,
    private readonly tickets: TicketMetricsService,
  ) {}

  @Public()
  @LowPriority()
  @Get()
  @ApiOperation({ operationId: 'Prometheus_scrape', summary: 'Prometheus metrics (text exposition format 0.0.4), unprefixed' })
  @ApiOkResponse({ description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.prometheus.registry.metrics();
  }

  @LowPriority()
  @ApiBearerAuth('bearer')
  @Get('processing-times')
  @Roles('supervisor', 'agent', 'admin')
  @ApiOperation({
    summary:
      "Processing times (count, mean, median, p90, SLA compliance) by agent, procedure, channel, counter or period; an agent sees their own and the annex's (default period: the last 30 days)",
  })
  @ApiOkResponse({ type: ProcessingTimesDto })
  @ApiForbiddenResponse({ description: "An agent asking for a colleague's figures" })
  processingTimes(@Query() q: ProcessingTimesQuery, @CurrentUser() user: Principal): Promise<ProcessingTimesDto> {
    return this.metrics.processingTimes(q, user);
  }

  @LowPriority()
  @ApiBearerAuth('bearer')
  @Get('sla')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'SLA dashboard: backlog, at-risk and overdue requests, 30-day compliance' })
  @ApiOkResponse({ type: SlaDto })
  sla(@CurrentUser() user: Principal): Promise<SlaDto> {
    return this.metrics.sla(user);
  }

  @LowPriority()
  @ApiBearerAuth('bearer')
  @Get('annexes')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Province view: annexes side by side (processing times, SLA compliance, backlog, ticket waits, residents) over 30 days; a province-wide account sees every annex, others their own',
  })
  @ApiOkResponse({ type: ProvinceViewDto })
  annexes(@CurrentUser() user: Principal): Promise<ProvinceViewDto> {
    return this.metrics.provinceView(user);
  }

  @LowPriority()
  @ApiBearerAuth('bearer')
  @Get('census')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Indirect census from the citizen register (cells under 5 people suppressed); JSON or CSV' })
  @ApiOkResponse({ type: CensusDto })
  @ApiProduces('application/json', 'text/csv')
  async census(
    @Query() q: CensusQuery,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    const census = await this.metrics.census(q.by ?? 'neighbourhood', user);
    if (q.format !== 'csv') return census;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="census-${census.by}.csv"`);
    return this.metrics.censusCsv(census);
  }

  @LowPriority()
  @ApiBearerAuth('bearer')
  @Get('tickets')
  @Roles('supervisor', 'admin', 'reception')
  @ApiOperation({
    operationId: 'TicketMetrics_stats',
    summary:
      'Counter queue: tickets, no-shows, waiting and service times, predicted-wait error and punctuality by service group, counter, hour of day, day or kind; appointments booked against capacity per group and hour, no-show rate (default period: today)',
  })
  @ApiOkResponse({ type: TicketMetricsDto })
  ticketStats(@Query() q: TicketMetricsQuery, @CurrentUser() p: Principal): Promise<TicketMetricsDto> {
    return this.tickets.stats(q, p);
  }
}
