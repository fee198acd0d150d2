import { DateTime } from 'luxon';

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday): list of [open, close] as "HH:mm". */
export type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>;

export interface WorkingCalendar {
  /** IANA zone of the annex, e.g. Africa/Casablanca (its UTC offset changes around Ramadan). */
  timeZone: string;
  hours: WeeklyHours;
  /** Closed days: exact dates `YYYY-MM-DD`, or recurring every year `MM-DD`. */
  holidays: ReadonlySet<string>;
}

export const DEFAULT_HOURS: WeeklyHours = {
  1: [['08:30', '16:30']],
  2: [['08:30', '16:30']],
  3: [['08:30', '16:30']],
  4: [['08:30', '16:30']],
  5: [['08:30', '16:30']],
};

const MINUTE = 60_000;
/** A year without a single opening minute means a broken calendar; stop rather than loop forever. */
const MAX_DAYS = 366 * 2;

/** The opening windows of one local day, as absolute instants (empty on week-ends and holidays). */
function windowsOf(day: DateTime, cal: WorkingCalendar): [number, number][] {
  const iso = day.toISODate()!;
  if (cal.holidays.has(iso) || cal.holidays.has(iso.slice(5))) return [];
  const hours = cal.hours[day.weekday as 1] ?? [];
  return hours.map(([open, close]) => {
    const [oh, om] = open.split(':').map(Number);
    const [ch, cm] = close.split(':').map(Number);
    // Built from local wall-clock time, so a change of UTC offset shifts nothing for the agents.
    const closing = ch === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: ch, minute: cm });
    return [day.set({ hour: oh, minute: om }).toMillis(), closing.toMillis()];
  });
}

/** The instant `minutes` working minutes after `from`. */
export function addWorkingMinutes(from: Date, minutes: number, cal: WorkingCalendar): Date {
  let remaining = Math.max(0, minutes) * MINUTE;
  let cursor = from.getTime();
  let day = DateTime.fromMillis(cursor, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const [open, close] of windowsOf(day, cal)) {
      if (cursor >= close) continue;
      cursor = Math.max(cursor, open);
      if (remaining <= close - cursor) return new Date(cursor + remaining);
      remaining -= close - cursor;
      cursor = close;
    }
  }
  throw new Error('working calendar has no opening hours');
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  let day = DateTime.fromMillis(start, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS * 10 && day.toMillis() < end; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const [open, close] of windowsOf(day, cal)) {
      const a = Math.max(open, start);
      const b = Math.min(close, end);
      if (b > a) total += b - a;
    }
  }
  return Math.round(total / MINUTE);
}
