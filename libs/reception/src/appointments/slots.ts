import { DateTime } from 'luxon';
import { openingWindowsOn, WorkingCalendar } from '@app/core';

const MINUTE = 60_000;

/** A bookable procedure of an annex (a bookable_service row). */
export interface BookableService {
  id: string;
  annex_id: string;
  procedure_code: string;
  grp: string;
  visit_minutes: number;
  counters: number;
  days_ahead: number;
  release_time: string;
}

/**
 * When the local day `isoDate` opens for booking: `days_ahead` days before, at `release_time`
 * (slots come out in waves, so a script cannot take a month at once).
 */
export function releasedAt(service: BookableService, isoDate: string, cal: WorkingCalendar): number {
  // Zone arithmetic (Intl under luxon) was most of a slot search's CPU: each answer is kept.
  const key = `${cal.timeZone}|${isoDate}|${service.days_ahead}|${service.release_time}`;
  let at = released.get(key);
  if (at === undefined) {
    if (released.size > 10_000) released.clear();
    const [h, m] = service.release_time.split(':').map(Number);
    at = DateTime.fromISO(isoDate, { zone: cal.timeZone }).minus({ days: service.days_ahead }).set({ hour: h, minute: m }).toMillis();
    released.set(key, at);
  }
  return at;
}

const released = new Map<string, number>();

/**
 * The slot starts of one local day: consecutive visits from each opening window's start that
 * end within it, after `now`, once the day is released. Windows come from the calendar, so
 * holidays and seasonal hours shape the slots with no rule of their own here.
 */
export function slotStarts(service: BookableService, isoDate: string, cal: WorkingCalendar, now: number): number[] {
  if (now < releasedAt(service, isoDate, cal)) return [];
  return daySlots(service, isoDate, cal).filter((t) => t > now);
}

/** Every slot start of the day's opening windows, released or not, past or not (capacity figures). */
export function daySlots(service: BookableService, isoDate: string, cal: WorkingCalendar): number[] {
  const step = service.visit_minutes * MINUTE;
  const out: number[] = [];
  for (const [open, close] of openingWindowsOn(isoDate, cal)) {
    for (let t = open; t + step <= close; t += step) out.push(t);
  }
  return out;
}

/** The local dates from `from` to `to` inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d.toISODate()! <= to; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

/** Why `startsAt` cannot be booked, or null when it is a free-to-try slot start. */
export function slotProblem(service: BookableService, startsAt: number, cal: WorkingCalendar, now: number): string | null {
  const day = DateTime.fromMillis(startsAt, { zone: cal.timeZone }).toISODate()!;
  if (startsAt <= now) return 'the time is past';
  if (now < releasedAt(service, day, cal)) return `${day} is not open for booking yet`;
  if (!slotStarts(service, day, cal, now).includes(startsAt)) return 'not the start of a slot in the opening hours';
  return null;
}
