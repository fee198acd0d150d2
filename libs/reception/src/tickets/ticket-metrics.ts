import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import {
  annexOf,
  CalendarService,
  CurrentUser,
  DayPeriodQuery,
  LowPriority,
  Principal,
  resolvePeriod,
  Roles,
  WorkingCalendar,
} from '@app/core';
import { BookableService, datesBetween, daySlots } from '../appointments/slots';

const TICKET_GROUP_BY = ['group', 'counter', 'hour', 'day', 'kind'] as const;
type TicketGroupBy = (typeof TICKET_GROUP_BY)[number];

/** Default period: today. */
export class TicketMetricsQuery extends DayPeriodQuery {
  @ApiPropertyOptional({
    enum: TICKET_GROUP_BY,
    enumName: 'TicketMetricsGroupBy',
    default: 'group',
    description: 'hour: the local hour the ticket was issued; kind: appointment or walk_in (waits of booked visits against walk-ins)',
  })
  @IsOptional()
  @IsIn(TICKET_GROUP_BY)
  groupBy?: TicketGroupBy;
}

export class TicketStatsDto {
  @ApiProperty({
    description: 'Service group letter, counter number ("none" if never called), local hour 00-23, day, or appointment / walk_in',
  })
  key: string;
  @ApiProperty({ description: 'Tickets issued' }) tickets: number;
  @ApiProperty({ description: 'Closed after service' }) served: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ description: 'Still waiting' }) waiting: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from issue to first call' }) waitMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitMedianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitP90Minutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from the (last) call to the close, served tickets' })
  serviceMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) serviceMedianMinutes: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean absolute error of the wait told at issue (walk-ins, phone tickets) against the wait until the first call, minutes',
  })
  predictedWaitMaeMinutes: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Appointments: mean of check-in minus the appointment's time, minutes (negative: early)",
  })
  punctualityMeanMinutes: number | null;
}

export class AppointmentLoadDto {
  @ApiProperty({ example: 'D', description: 'Service group' }) group: string;
  @ApiProperty({ example: '09', description: 'Local hour of the slots, 00-23' }) hour: string;
  @ApiProperty({ description: 'Places offered in the period: slots of the opening hours × counters' }) capacity: number;
  @ApiProperty({ description: 'Appointments held (booked, checked in or no-show; not cancelled)' }) booked: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ nullable: true, type: Number, description: 'No-shows / (check-ins + no-shows)' }) noShowRate: number | null;
}

export class TicketMetricsDto {
  @ApiProperty({ enum: TICKET_GROUP_BY, enumName: 'TicketMetricsGroupBy' }) groupBy: TicketGroupBy;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [TicketStatsDto] }) groups: TicketStatsDto[];
  @ApiProperty({ type: [AppointmentLoadDto], description: 'Booked against capacity per service group and hour of the period' })
  appointments: AppointmentLoadDto[];
  @ApiProperty({ nullable: true, type: Number, description: "The period's appointment no-show rate: no-shows / (check-ins + no-shows)" })
  appointmentNoShowRate: number | null;
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
    const cal = await this.calendars.forAnnex(annexId);
    const { timeZone } = cal;
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
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${service}) FILTER (WHERE t.state = 'closed'))::float8 AS service_median,
              avg(abs(${wait} - t.predicted_wait_minutes)) FILTER (WHERE t.predicted_wait_minutes IS NOT NULL)::float8 AS wait_mae,
              avg(extract(epoch FROM t.created_at - t.due_at) / 60) FILTER (WHERE t.appointment_id IS NOT NULL)::float8 AS punctuality
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
        predictedWaitMaeMinutes: num(r.wait_mae),
        punctualityMeanMinutes: num(r.punctuality),
      })),
      ...(await this.appointments(annexId, from, to, cal)),
    };
  }

  /** Booked against capacity per group and local hour: capacity from the calendar's windows and each bookable service's counters. */
  private async appointments(
    annexId: string,
    from: string,
    to: string,
    cal: WorkingCalendar,
  ): Promise<Pick<TicketMetricsDto, 'appointments' | 'appointmentNoShowRate'>> {
    const services: BookableService[] = await this.db.query(
      `SELECT id, annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time FROM bookable_service WHERE annex_id = $1 AND active`,
      [annexId],
    );
    const load = new Map<string, AppointmentLoadDto>();
    const at = (group: string, hour: string) => {
      const key = `${group}|${hour}`;
      let row = load.get(key);
      if (!row) load.set(key, (row = { group, hour, capacity: 0, booked: 0, checkedIn: 0, noShows: 0, noShowRate: null }));
      return row;
    };
    const hourOf = (ms: number) => DateTime.fromMillis(ms, { zone: cal.timeZone }).toFormat('HH');
    for (const day of datesBetween(from, to)) {
      for (const s of services) for (const t of daySlots(s, day, cal)) at(s.grp, hourOf(t)).capacity += s.counters;
    }
    const rows: { grp: string; hour: string; booked: number; checked_in: number; no_shows: number }[] = await this.db.query(
      `SELECT grp, to_char(starts_at AT TIME ZONE $4, 'HH24') AS hour, count(*)::int AS booked,
              count(*) FILTER (WHERE state = 'checked_in')::int AS checked_in, count(*) FILTER (WHERE state = 'no_show')::int AS no_shows
         FROM appointment WHERE annex_id = $1 AND state <> 'cancelled' AND starts_at >= $2 AND starts_at < $3 GROUP BY 1, 2`,
      [
        annexId,
        DateTime.fromISO(from, { zone: cal.timeZone }).toJSDate(),
        DateTime.fromISO(to, { zone: cal.timeZone }).plus({ days: 1 }).toJSDate(),
        cal.timeZone,
      ],
    );
    let shown = 0;
    let missed = 0;
    for (const r of rows) {
      const row = at(r.grp, r.hour);
      Object.assign(row, { booked: r.booked, checkedIn: r.checked_in, noShows: r.no_shows });
      shown += r.checked_in;
      missed += r.no_shows;
    }
    const rate = (ok: number, no: number) => (ok + no ? no / (ok + no) : null);
    const appointments = [...load.values()]
      .map((r) => ({ ...r, noShowRate: rate(r.checkedIn, r.noShows) }))
      .sort((a, b) => a.group.localeCompare(b.group) || a.hour.localeCompare(b.hour));
    return { appointments, appointmentNoShowRate: rate(shown, missed) };
  }
}

@ApiTags('metrics')
@ApiBearerAuth('bearer')
@Controller('metrics/tickets')
export class TicketMetricsController {
  constructor(private readonly metrics: TicketMetricsService) {}

  @LowPriority()
  @Get()
  @Roles('supervisor', 'admin', 'reception')
  @ApiOperation({
    summary:
      'Counter queue: tickets, no-shows, waiting and service times, predicted-wait error and punctuality by service group, counter, hour of day, day or kind; appointments booked against capacity per group and hour, no-show rate (default period: today)',
  })
  @ApiOkResponse({ type: TicketMetricsDto })
  stats(@Query() q: TicketMetricsQuery, @CurrentUser() p: Principal): Promise<TicketMetricsDto> {
    return this.metrics.stats(q, p);
  }
}
