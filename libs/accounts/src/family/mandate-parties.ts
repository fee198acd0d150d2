import { EntityManager } from 'typeorm';
import { InvalidInput, Principal } from '@app/core';
import { ADULT_SQL, MAJORITY_YEARS } from './family-rules';
import { MandatePeriod } from './mandate-scope';

/** The signed-in side of a mandate being given or asked for. */
export interface MandateCaller {
  id: string;
  cin: string;
  phone: string | null;
  preferred_language: 'ar' | 'fr' | 'en';
}

/** The signed-in side: an adult, naming someone other than themselves (about the caller only: reveals nothing). */
export async function mandateCaller(m: EntityManager, p: Principal, field: string, cin: string): Promise<MandateCaller> {
  const [me] = await m.query(`SELECT id, cin, phone, preferred_language, ${ADULT_SQL} AS adult FROM citizen WHERE id = $1`, [p.id]);
  if (cin === me.cin) throw new InvalidInput([{ field, reason: 'self', message: 'a mandate names another person' }]);
  if (!me.adult)
    throw new InvalidInput([
      { field, reason: 'callerNotAdult', message: `both sides of a mandate are adults (${MAJORITY_YEARS} or over)` },
    ]);
  return me;
}

/** The adult account holding this CIN, or null (not found and under age alike: the caller is not told which). */
export async function eligibleAdult(m: EntityManager, cin: string, statuses: string[]): Promise<{ id: string } | null> {
  const [c] = await m.query(`SELECT id, ${ADULT_SQL} AS adult FROM citizen WHERE cin = $1 AND status = ANY($2::text[])`, [cin, statuses]);
  return c?.adult ? { id: c.id } : null;
}

/** At the counter (a paper seen, both cards shown): the proxy's account, named plainly if missing. */
export async function proxyByCin(m: EntityManager, cin: string, mandatorId: string): Promise<{ id: string }> {
  const [proxy] = await m.query(`SELECT id FROM citizen WHERE cin = $1 AND status IN ('active', 'unclaimed')`, [cin]);
  if (!proxy) throw new InvalidInput([{ field: 'proxyCin', reason: 'unknown', message: 'no citizen account has this CIN' }]);
  if (proxy.id === mandatorId) throw new InvalidInput([{ field: 'proxyCin', reason: 'self', message: 'a mandate names another person' }]);
  await requireAdult(m, proxy.id, 'proxyCin');
  return proxy;
}

/** Both sides of a mandate are adults. */
export async function requireAdult(m: EntityManager, id: string, field: string): Promise<void> {
  const [c] = await m.query(`SELECT ${ADULT_SQL} AS adult FROM citizen WHERE id = $1`, [id]);
  if (!c?.adult)
    throw new InvalidInput([{ field, reason: 'notAdult', message: `both sides of a mandate are adults (${MAJORITY_YEARS} or over)` }]);
}

export async function insertMandate(
  m: EntityManager,
  d: MandatePeriod & {
    id: string;
    mandatorId: string;
    proxyId: string;
    basis: 'code' | 'paper';
    status: string;
    paperRef?: string;
    recordedBy?: string;
    initiatedBy?: 'mandator' | 'proxy';
  },
): Promise<void> {
  await m.query(
    `INSERT INTO mandate (id, mandator_id, proxy_id, procedures, valid_from, valid_until, status, basis, paper_ref, recorded_by, initiated_by, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::varchar, $8, $9, $10, $11, CASE WHEN $7::varchar = 'active' THEN now() END)`,
    [
      d.id,
      d.mandatorId,
      d.proxyId,
      d.procedures,
      d.validFrom,
      d.validUntil,
      d.status,
      d.basis,
      d.paperRef ?? null,
      d.recordedBy ?? null,
      d.initiatedBy ?? 'mandator',
    ],
  );
}
