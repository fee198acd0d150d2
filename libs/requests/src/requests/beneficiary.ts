import { EntityManager } from 'typeorm';
import { InvalidInput, NotifyPayload, OutboxEntry } from '@app/core';
import { LocalizedText } from '../guide/procedure.types';
import { BeneficiaryDto } from './dto/submit-request.dto';

/** Who a request belongs to and who acts for whom, once the beneficiary is checked. */
export interface Filing {
  /** The owner: the filer, or the mandator they act for. */
  citizenId: string;
  proxyId: string | null;
  mandateId: string | null;
  dependentId: string | null;
}

const refuse = (field: string, reason: string, message: string) => new InvalidInput([{ field: `beneficiary.${field}`, reason, message }]);

/**
 * A request filed for someone else: a minor child of the filer, confirmed at a counter (the
 * filer stays the owner until the child has an account), or an adult whose mandate names the
 * filer, for this procedure, today. Nothing else lets one citizen file for another.
 */
export async function resolveFiling(
  m: EntityManager,
  filerId: string,
  b: BeneficiaryDto | undefined,
  procedureCode: string,
): Promise<Filing> {
  if (!b) return { citizenId: filerId, proxyId: null, mandateId: null, dependentId: null };
  if (b.kind === 'dependent') {
    const [d] = await m.query(`SELECT status FROM dependent WHERE id = $1 AND guardian_id = $2`, [b.id, filerId]);
    if (!d) throw refuse('id', 'unknown', 'no such dependent on this account');
    if (d.status === 'pending')
      throw refuse('id', 'notConfirmed', 'the dependent must first be confirmed at a counter with the family record booklet');
    if (d.status !== 'confirmed')
      throw refuse('id', 'hasAccount', 'this dependent has an account of their own now: they file for themselves');
    return { citizenId: filerId, proxyId: null, mandateId: null, dependentId: b.id };
  }
  const mandates: { id: string; procedures: string[]; in_period: boolean; started: boolean }[] = await m.query(
    `SELECT id, procedures, valid_until >= (now() AT TIME ZONE 'Africa/Casablanca')::date AS in_period,
            valid_from <= (now() AT TIME ZONE 'Africa/Casablanca')::date AS started
       FROM mandate WHERE mandator_id = $1 AND proxy_id = $2 AND status = 'active' ORDER BY valid_until DESC`,
    [b.id, filerId],
  );
  if (!mandates.length) throw refuse('id', 'noMandate', 'no active mandate from this person names you');
  const current = mandates.filter((x) => x.in_period && x.started);
  if (!current.length) throw refuse('id', 'mandateExpired', 'the mandate is not valid today (expired, or not started yet)');
  const scoped = current.find((x) => x.procedures.includes(procedureCode));
  if (!scoped) throw refuse('id', 'outOfScope', `the mandate does not cover ${procedureCode}`);
  return { citizenId: b.id, proxyId: filerId, mandateId: scoped.id, dependentId: null };
}

/** A dependent come of age: the requests filed for them are theirs (the parent no longer owns them). */
export async function transferDependentRequests(m: EntityManager, dependentId: string, citizenId: string): Promise<void> {
  await m.query(`UPDATE service_request SET citizen_id = $2, updated_at = now(), version = version + 1 WHERE dependent_id = $1`, [
    dependentId,
    citizenId,
  ]);
}

/**
 * A request filed under a mandate tells the mandator who used it, for what (SMS/email), in the
 * transaction that files it; the request's own alerts go to both people besides.
 */
export async function mandateUsedAlert(
  m: EntityManager,
  r: { id: string; annexId: string; citizenId: string; proxyId: string | null; trackingCode: string; procedureCode: string },
  procedureName: LocalizedText,
): Promise<OutboxEntry[]> {
  if (!r.proxyId) return [];
  const [x] = await m.query(
    `SELECT first_name || ' ' || last_name AS name, first_name_ar || ' ' || last_name_ar AS name_ar FROM citizen WHERE id = $1`,
    [r.proxyId],
  );
  return [
    {
      topic: 'notify',
      idempotencyKey: `mandate-used:${r.id}`,
      annexId: r.annexId,
      payload: {
        template: 'mandate.used',
        recipient: { citizenId: r.citizenId },
        requestId: r.id,
        data: {
          trackingCode: r.trackingCode,
          procedureCode: r.procedureCode,
          procedureName,
          proxy: { fr: x.name, en: x.name, ar: x.name_ar },
        },
      } satisfies NotifyPayload,
    },
  ];
}
