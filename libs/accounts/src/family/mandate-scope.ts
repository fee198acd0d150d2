import { EntityManager } from 'typeorm';
import { InvalidInput } from '@app/core';
import { MANDATE_MAX_YEARS, TODAY_SQL } from './family-rules';

/** What a mandate covers once checked: known procedures (no duplicates) and its first and last days. */
export interface MandatePeriod {
  procedures: string[];
  validFrom: string;
  validUntil: string;
}

/**
 * Checks a mandate's scope before anything about the other person is looked at, so a refusal
 * here never depends on whether the CIN named has an account.
 */
export async function mandateScope(
  m: EntityManager,
  d: { procedures: string[]; validFrom?: string; validUntil: string },
): Promise<MandatePeriod> {
  const procedures = [...new Set(d.procedures)];
  const known: { code: string }[] = await m.query(`SELECT code FROM procedure WHERE code = ANY($1::text[])`, [procedures]);
  const unknown = procedures.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length)
    throw new InvalidInput([{ field: 'procedures', reason: 'unknown', message: `no procedure ${unknown.join(', ')} in the guide` }]);
  const [period] = await m.query(
    `SELECT to_char(COALESCE($1::date, ${TODAY_SQL}), 'YYYY-MM-DD') AS start, $2::date < COALESCE($1::date, ${TODAY_SQL}) AS backwards,
            COALESCE($1::date, ${TODAY_SQL}) < ${TODAY_SQL} AS past, $2::date > ${TODAY_SQL} + make_interval(years => ${MANDATE_MAX_YEARS}) AS too_long`,
    [d.validFrom ?? null, d.validUntil],
  );
  if (period.past) throw new InvalidInput([{ field: 'validFrom', reason: 'past', message: 'a mandate starts today or later' }]);
  if (period.backwards)
    throw new InvalidInput([{ field: 'validUntil', reason: 'beforeStart', message: 'validUntil is on or after validFrom' }]);
  if (period.too_long)
    throw new InvalidInput([{ field: 'validUntil', reason: 'tooLong', message: `a mandate lasts at most ${MANDATE_MAX_YEARS} years` }]);
  return { procedures, validFrom: period.start, validUntil: d.validUntil };
}
