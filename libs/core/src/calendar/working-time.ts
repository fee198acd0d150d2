import { DateTime } from 'luxon';

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday): list of [open, close] as "HH:mm". */
export type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>;

export interface WorkingCalendar {
  /** IANA zone of the annex, e.g. Africa/Casablanca (its UTC offset changes around Ramadan). */
  timeZone: string;
  hours: WeeklyHours;
  /** Closed days: exact dates `YYYY-MM-DD`, or recurring every year `MM-DD`. */
  holidays: ReadonlySet<string>;
  /** Seasonal opening hours (Ramadan, summer): from `from` to `to` (YYYY-MM-DD, inclusive) they replace `hours`. */
  seasons?: readonly SeasonalHours[];
}

export interface SeasonalHours {
  from: string;
  to: string;
  hours: WeeklyHours;
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
  // ISO dates compare as strings; the last season listed wins where two overlap.
  const season = cal.seasons?.findLast((s) => s.from <= iso && iso <= s.to);
  const hours = (season ?? cal).hours[day.weekday as 1] ?? [];
  return hours.map(([open, close]) => {
    const [oh, om] = open.split(':').map(Number);
    const [ch, cm] = close.split(':').map(Number);
    // Built from local wall-clock time, so a change of UTC offset shifts nothing for the agents.
    const closing = ch === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: ch, minute: cm });
    return [day.set({ hour: oh, minute: om }).toMillis(), closing.toMillis()];
  });
}

interface LocalDay {
  /** The local midnight, as an instant. */
  start: number;
  windows: [number, number][];
}

/**
 * Days already worked out, per calendar object: the windows of a local date never change for a
 * given calendar, and zone arithmetic (Intl under luxon) was a third of a submission's CPU.
 */
const days = new WeakMap<WorkingCalendar, Map<string, LocalDay>>();

function localDay(y: number, m: number, d: number, cal: WorkingCalendar): LocalDay {
  let cache = days.get(cal);
  if (!cache) days.set(cal, (cache = new Map()));
  const key = `${y}-${m}-${d}`;
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size > 10_000) cache.clear();
    const day = DateTime.fromObject({ year: y, month: m, day: d }, { zone: cal.timeZone });
    hit = { start: day.toMillis(), windows: windowsOf(day, cal) };
    cache.set(key, hit);
  }
  return hit;
}

/** The local days from the one holding `instant` onwards (calendar arithmetic, no zone lookups). */
function* daysFrom(instant: number, cal: WorkingCalendar, max: number): Generator<LocalDay> {
  const first = DateTime.fromMillis(instant, { zone: cal.timeZone });
  for (let i = 0; i < max; i++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + i));
    yield localDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), cal);
  }
}

/** The instant `minutes` working minutes after `from`. */
export function addWorkingMinutes(from: Date, minutes: number, cal: WorkingCalendar): Date {
  let remaining = Math.max(0, minutes) * MINUTE;
  let cursor = from.getTime();
  for (const day of daysFrom(cursor, cal, MAX_DAYS)) {
    for (const [open, close] of day.windows) {
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
  for (const day of daysFrom(start, cal, MAX_DAYS * 10)) {
    if (day.start >= end) break;
    for (const [open, close] of day.windows) {
      const a = Math.max(open, start);
      const b = Math.min(close, end);
      if (b > a) total += b - a;
    }
  }
  return Math.round(total / MINUTE);
}

/**
 * The opening windows of the local date `isoDate` (YYYY-MM-DD) as instants (ms), empty when
 * closed: what slot lists build on, so bookable time follows whatever the calendar says.
 */
export function openingWindowsOn(isoDate: string, cal: WorkingCalendar): [number, number][] {
  const [y, m, d] = isoDate.split('-').map(Number);
  return localDay(y, m, d, cal).windows;
}

/**
 * A legal delay of `days` working days (law 55-19): the filing day does not count; the deadline is
 * the closing time of the `days`-th working day after it (week-ends, holidays and closed days skipped).
 */
export function addWorkingDays(from: Date, days: number, cal: WorkingCalendar): Date {
  let counted = 0;
  let first = true;
  for (const day of daysFrom(from.getTime(), cal, MAX_DAYS)) {
    if (first) {
      first = false;
      continue;
    }
    if (day.windows.length === 0) continue;
    if (++counted >= Math.max(1, days)) return new Date(day.windows[day.windows.length - 1][1]);
  }
  throw new Error('working calendar has no opening hours');
}
