import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { annexOf, CalendarService, CurrentUser, DayPeriodQuery, Principal, resolvePeriod, Roles } from '@app/core';

const TICKET_GROUP_BY = ['group', 'counter', 'hour', 'day', 'kind'] as const;
type TicketGroupBy = (typeof TICKET_GROUP_BY)[number];

/** Default period: today. */
export class TicketMetricsQuery extends DayPeriodQuery {
  @ApiPropertyOptional({ enum: TICKET_GROUP_BY, enumName: 'TicketMetricsGroupBy', default: 'group', description: 'hour: the local hour the ticket was issued; kind: appointment or walk_in (waits of booked visits against walk-ins)' })
  @IsOptional()
  @IsIn(TICKET_GROUP_BY)
  groupBy?: TicketGroupBy;
}

export class TicketStatsDto {
  @ApiProperty({ description: 'Service group letter, counter number ("none" if never called), local hour 00-23, day, or appointment / walk_in' }) key: string;
  @ApiProperty({ description: 'Tickets issued' }) tickets: number;
  @ApiProperty({ description: 'Closed after service' }) served: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ description: 'Still waiting' }) waiting: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from issue to first call' }) waitMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitMedianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitP90Minutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from the (last) call to the close, served tickets' }) serviceMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) serviceMedianMinutes: number | null;
}

export class TicketMetricsDto {
  @ApiProperty({ enum: TICKET_GROUP_BY, enumName: 'TicketMetricsGroupBy' }) groupBy: TicketGroupBy;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [TicketStatsDto] }) groups: TicketStatsDto[];
}

const KEY: Record<TicketGroupBy, string> = {
  group: 't.grp::text',
  counter: `COALESCE(t.counter::text, 'none')`,
  hour: `to_char(t.created_at AT TIME ZONE $4, 'HH24')`,
  day: `to_char(t.day, 'YYYY-MM-DD')`,
  kind: `CASE WHEN t.appointment_id IS NULL THEN 'walk_in' ELSE 'appointment' END`,
};

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Waiting and service times at the counters, read from the tickets and their log (a day holds hundreds, not millions). */
@Injectable()
export class TicketMetricsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  async stats(q: TicketMetricsQuery, p: Principal): Promise<TicketMetricsDto> {
    const annexId = annexOf(p);
    const { timeZone } = await this.calendars.forAnnex(annexId);
    // By default today; at most a year of tickets.
    const { from, to } = resolvePeriod(q, timeZone, 1, 367);
    const groupBy = q.groupBy ?? 'group';
    const wait = `extract(epoch FROM t.first_called - t.created_at) / 60`;
    const service = `extract(epoch FROM t.closed_at - t.called_at) / 60`;
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH t AS (
         SELECT t.*, (SELECT min(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'called') AS first_called
           FROM ticket t WHERE t.annex_id = $1 AND t.day BETWEEN $2::date AND $3::date
       )
       SELECT ${KEY[groupBy]} AS key, count(*)::int AS tickets,
              count(*) FILTER (WHERE t.state = 'closed')::int AS served,
              count(*) FILTER (WHERE t.state = 'no_show')::int AS no_shows,
              count(*) FILTER (WHERE t.state = 'waiting')::int AS waiting,
              avg(${wait})::float8 AS wait_mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait})::float8 AS wait_median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${wait})::float8 AS wait_p90,
              avg(${service}) FILTER (WHERE t.state = 'closed')::float8 AS service_mean,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${service}) FILTER (WHERE t.state = 'closed'))::float8 AS service_median
         FROM t GROUP BY 1 ORDER BY 1`,
      [annexId, from, to, ...(groupBy === 'hour' ? [timeZone] : [])],
    );
    return {
      groupBy,
      from,
      to,
      groups: rows.map((r) => ({
        key: String(r.key),
        tickets: Number(r.tickets),
        served: Number(r.served),
        noShows: Number(r.no_shows),
        waiting: Number(r.waiting),
        waitMeanMinutes: num(r.wait_mean),
        waitMedianMinutes: num(r.wait_median),
        waitP90Minutes: num(r.wait_p90),
        serviceMeanMinutes: num(r.service_mean),
        serviceMedianMinutes: num(r.service_median),
      })),
    };
  }
}

@ApiTags('metrics')
@ApiBearerAuth('bearer')
@Controller('metrics/tickets')
export class TicketMetricsController {
  constructor(private readonly metrics: TicketMetricsService) {}

  @Get()
  @Roles('supervisor', 'admin', 'reception')
  @ApiOperation({ summary: 'Counter queue: tickets, no-shows, waiting and service times by service group, counter, hour of day or day (default period: today)' })
  @ApiOkResponse({ type: TicketMetricsDto })
  stats(@Query() q: TicketMetricsQuery, @CurrentUser() p: Principal): Promise<TicketMetricsDto> {
    return this.metrics.stats(q, p);
  }
}
