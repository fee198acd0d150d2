import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional } from 'class-validator';
import { DateTime } from 'luxon';
import { InvalidInput } from '../errors/domain-error';

/** A period of whole local days, both ends included; each endpoint says its default. */
export class DayPeriodQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First local day' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last local day, included' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

/**
 * The period a DayPeriodQuery names, in the annex's time zone: missing ends default to the last
 * `defaultDays` local days up to today. `from` after `to`, or a period longer than `maxDays`,
 * is a 400 naming the field.
 */
export function resolvePeriod(q: DayPeriodQuery, timeZone: string, defaultDays: number, maxDays?: number): { from: string; to: string } {
  const today = DateTime.now().setZone(timeZone);
  // A date-time names the local day it falls on (`2026-11-01T00:00:00+01:00` → 2026-11-01): the
  // answer echoes days, as its schema says, not the text given.
  const day = (v: string) => (v.length > 10 ? DateTime.fromISO(v, { zone: timeZone }).setZone(timeZone).toISODate()! : v);
  const from = q.from ? day(q.from) : today.minus({ days: defaultDays - 1 }).toISODate()!;
  const to = q.to ? day(q.to) : today.toISODate()!;
  if (from > to) throw new InvalidInput([{ field: 'from', reason: 'range', message: 'from must not be after to' }]);
  if (maxDays !== undefined && DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days >= maxDays) {
    throw new InvalidInput([{ field: 'to', reason: 'range', message: `a period is at most ${maxDays} days` }]);
  }
  return { from, to };
}
