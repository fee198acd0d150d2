import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { annexOf, CalendarService, Principal, resolvePeriod, WorkingCalendar } from '@app/core';
import { datesBetween, daySlots } from '../appointments/slots';
import { AppointmentLoadDto, TicketMetricsDto, TicketMetricsQuery } from './dto/ticket-metrics.dto';
import { TicketMetricsRepository } from './ticket-metrics.repository';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const rate = (ok: number, no: number) => (ok + no ? no / (ok + no) : null);

/** Waiting and service times at the counters, and appointments against capacity (served by GET /metrics/tickets). */
@Injectable()
export class TicketMetricsService {
  constructor(
    private readonly repo: TicketMetricsRepository,
    private readonly calendars: CalendarService,
  ) {}

  async stats(q: TicketMetricsQuery, p: Principal): Promise<TicketMetricsDto> {
    const annexId = annexOf(p);
    const cal = await this.calendars.forAnnex(annexId);
    // By default today; at most a year of tickets.
    const { from, to } = resolvePeriod(q, cal.timeZone, 1, 367);
    const groupBy = q.groupBy ?? 'group';
    const rows = await this.repo.ticketStats(annexId, from, to, groupBy, cal.timeZone);
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
    const services = await this.repo.bookableServices(annexId);
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
    const rows = await this.repo.appointmentLoad(
      annexId,
      DateTime.fromISO(from, { zone: cal.timeZone }).toJSDate(),
      DateTime.fromISO(to, { zone: cal.timeZone }).plus({ days: 1 }).toJSDate(),
      cal.timeZone,
    );
    let shown = 0;
    let missed = 0;
    for (const r of rows) {
      const row = at(r.grp, r.hour);
      Object.assign(row, { booked: r.booked, checkedIn: r.checked_in, noShows: r.no_shows });
      shown += r.checked_in;
      missed += r.no_shows;
    }
    const appointments = [...load.values()]
      .map((r) => ({ ...r, noShowRate: rate(r.checkedIn, r.noShows) }))
      .sort((a, b) => a.group.localeCompare(b.group) || a.hour.localeCompare(b.hour));
    return { appointments, appointmentNoShowRate: rate(shown, missed) };
  }
}
