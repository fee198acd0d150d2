import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BookableService } from '../appointments/slots';
import { TicketGroupBy } from './dto/ticket-metrics.dto';

/** One row of the ticket statistics, as PostgreSQL computes it (minutes as float8, null when nothing to average). */
export interface TicketStatsRow {
  key: string;
  tickets: number;
  served: number;
  no_shows: number;
  waiting: number;
  wait_mean: number | null;
  wait_median: number | null;
  wait_p90: number | null;
  service_mean: number | null;
  service_median: number | null;
  wait_mae: number | null;
  punctuality: number | null;
}

export interface AppointmentLoadRow {
  grp: string;
  hour: string;
  booked: number;
  checked_in: number;
  no_shows: number;
}

const KEY: Record<TicketGroupBy, string> = {
  group: 't.grp::text',
  counter: `COALESCE(t.counter::text, 'none')`,
  hour: `to_char(t.created_at AT TIME ZONE $4, 'HH24')`,
  day: `to_char(t.day, 'YYYY-MM-DD')`,
  kind: `CASE WHEN t.appointment_id IS NULL THEN 'walk_in' ELSE 'appointment' END`,
};

/** The counter queue's figures, read from the tickets and their log (a day holds hundreds, not millions) and the appointments. */
@Injectable()
export class TicketMetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Tickets of the annex issued on the days from..to, grouped by `groupBy` (`hour`: the local hour in `timeZone`). */
  ticketStats(annexId: string, from: string, to: string, groupBy: TicketGroupBy, timeZone: string): Promise<TicketStatsRow[]> {
    const wait = `extract(epoch FROM t.first_called - t.created_at) / 60`;
    const service = `extract(epoch FROM t.closed_at - t.called_at) / 60`;
    return this.db.query(
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
  }

  /** The annex's active bookable services (their windows and counters make the capacity). */
  bookableServices(annexId: string): Promise<BookableService[]> {
    return this.db.query(
      `SELECT id, annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time FROM bookable_service WHERE annex_id = $1 AND active`,
      [annexId],
    );
  }

  /** Appointments held (not cancelled) starting in [from, until), per group and local hour in `timeZone`. */
  appointmentLoad(annexId: string, from: Date, until: Date, timeZone: string): Promise<AppointmentLoadRow[]> {
    return this.db.query(
      `SELECT grp, to_char(starts_at AT TIME ZONE $4, 'HH24') AS hour, count(*)::int AS booked,
              count(*) FILTER (WHERE state = 'checked_in')::int AS checked_in, count(*) FILTER (WHERE state = 'no_show')::int AS no_shows
         FROM appointment WHERE annex_id = $1 AND state <> 'cancelled' AND starts_at >= $2 AND starts_at < $3 GROUP BY 1, 2`,
      [annexId, from, until, timeZone],
    );
  }
}
