import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_HOURS, WeeklyHours, WorkingCalendar } from './working-time';

const DAY_KEYS: Record<string, keyof WeeklyHours> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const CACHE_MS = 60_000;

/** The annex's opening hours (annex.opening_hours: {"mon": ["08:30","16:30"], ...}) as weekly hours. */
export function weeklyHoursFrom(
  openingHours: Record<string, unknown> | null | undefined,
  fallback: WeeklyHours = DEFAULT_HOURS,
): WeeklyHours {
  const hours: WeeklyHours = {};
  for (const [key, value] of Object.entries(openingHours ?? {})) {
    const day = DAY_KEYS[key];
    if (!day || !Array.isArray(value)) continue;
    // One window ["08:30","16:30"] or several [["08:30","12:00"],["14:00","16:30"]].
    const windows = (typeof value[0] === 'string' ? [value] : value) as [string, string][];
    hours[day] = windows.filter((w) => Array.isArray(w) && /^\d\d:\d\d$/.test(w[0]) && /^\d\d:\d\d$/.test(w[1]));
  }
  return Object.keys(hours).length ? hours : fallback;
}

/** Working calendars per annex (weekly hours, holidays, seasonal hours), read from PostgreSQL and cached for a minute. */
@Injectable()
export class CalendarService {
  private readonly cache = new Map<string, { at: number; cal: WorkingCalendar }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `manager`: a caller inside a transaction passes its own, so a cache miss reads on the
   * connection it already holds instead of waiting for a second one from the pool (under load,
   * every connection held by a transaction waiting for another is how a pool deadlocks).
   */
  async forAnnex(annexId: string, manager: EntityManager = this.db.manager): Promise<WorkingCalendar> {
    const hit = this.cache.get(annexId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
    const [annex] = await manager.query(`SELECT time_zone, opening_hours FROM annex WHERE id = $1`, [annexId]);
    const holidays = await manager.query(
      `SELECT COALESCE(to_char(day, 'YYYY-MM-DD'), month_day) AS d FROM holiday WHERE annex_id IS NULL OR annex_id = $1`,
      [annexId],
    );
    const seasons: { starts_on: string; ends_on: string; opening_hours: Record<string, unknown> }[] = await manager.query(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, opening_hours
         FROM seasonal_hours WHERE annex_id = $1 ORDER BY created_at, id`,
      [annexId],
    );
    const cal: WorkingCalendar = {
      timeZone: annex?.time_zone ?? 'Africa/Casablanca',
      hours: weeklyHoursFrom(annex?.opening_hours),
      holidays: new Set(holidays.map((h: { d: string }) => h.d)),
      // Ramadan or summer hours, by date range; a season's day without hours is closed.
      seasons: seasons.map((r) => ({ from: r.starts_on, to: r.ends_on, hours: weeklyHoursFrom(r.opening_hours, {}) })),
    };
    this.cache.set(annexId, { at: Date.now(), cal });
    return cal;
  }

  /** After an admin edits holidays or hours. */
  invalidate(): void {
    this.cache.clear();
  }
}
