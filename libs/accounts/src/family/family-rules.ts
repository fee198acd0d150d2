import { EntityManager } from 'typeorm';
import { NotFound, Principal } from '@app/core';

/** Age of majority (Family Code art. 209): 18 full years. */
export const MAJORITY_YEARS = 18;
/** A mandate recorded here lasts at most this long; a longer one is renewed. */
export const MANDATE_MAX_YEARS = 3;
/** Today in the annexes' time zone: a mandate's last day ends at local midnight. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Africa/Casablanca')::date`;

export const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' ');

/**
 * The citizen a staff member acts on: of their annex (a province-wide account: any). Someone
 * outside the annex is not found, like every other record out of reach.
 */
export async function citizenInAnnex(
  m: EntityManager,
  id: string,
  p: Principal,
  field = 'citizen',
): Promise<{ id: string; annex_id: string }> {
  const [c] = await m.query(`SELECT id, annex_id FROM citizen WHERE id = $1 AND status <> 'disabled'`, [id]);
  if (!c || (p.annexId !== null && c.annex_id !== p.annexId)) throw new NotFound(field === 'citizen' ? 'Citizen' : field);
  return c;
}

/** A citizen row (alias-free) is an adult today. */
export const ADULT_SQL = `birth_date <= ${TODAY_SQL} - make_interval(years => ${MAJORITY_YEARS})`;
