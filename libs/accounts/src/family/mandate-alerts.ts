import { EntityManager } from 'typeorm';
import { NotifyPayload, OutboxEntry } from '@app/core';
import { joined } from './family-rules';

/** What happened to a mandate, and who is told (the request filed under one: `mandate.used`, libs/requests). */
export type MandateNews = 'granted' | 'revoked' | 'asked';

const TOLD: Record<MandateNews, { mandator?: string; proxy?: string }> = {
  granted: { mandator: 'mandate.granted', proxy: 'mandate.received' },
  revoked: { mandator: 'mandate.revoked' },
  asked: { mandator: 'mandate.asked' },
};

/**
 * The SMS/emails a mandate's news sends, written in the caller's transaction (outbox): each side
 * reads the other's name in their own language, the procedures and the last day.
 */
export async function mandateAlerts(m: EntityManager, id: string, news: MandateNews): Promise<OutboxEntry[]> {
  const [r] = await m.query(
    `SELECT md.mandator_id, md.proxy_id, md.procedures, to_char(md.valid_until, 'DD/MM/YYYY') AS until, a.annex_id,
            a.first_name AS a_first, a.last_name AS a_last, a.first_name_ar AS a_first_ar, a.last_name_ar AS a_last_ar,
            b.first_name AS b_first, b.last_name AS b_last, b.first_name_ar AS b_first_ar, b.last_name_ar AS b_last_ar
       FROM mandate md JOIN citizen a ON a.id = md.mandator_id JOIN citizen b ON b.id = md.proxy_id WHERE md.id = $1`,
    [id],
  );
  const name = (first: string, last: string, firstAr: string, lastAr: string) => {
    const latin = joined(first, last);
    return { fr: latin, en: latin, ar: joined(firstAr, lastAr) };
  };
  const data = {
    mandator: name(r.a_first, r.a_last, r.a_first_ar, r.a_last_ar),
    proxy: name(r.b_first, r.b_last, r.b_first_ar, r.b_last_ar),
    procedures: (r.procedures as string[]).join(', '),
    until: r.until,
  };
  const told = TOLD[news];
  return (['mandator', 'proxy'] as const)
    .filter((side) => told[side])
    .map((side) => ({
      topic: 'notify' as const,
      idempotencyKey: `mandate:${id}:${news}:${side}`,
      annexId: r.annex_id,
      payload: {
        template: told[side]!,
        recipient: { citizenId: side === 'mandator' ? r.mandator_id : r.proxy_id },
        annexId: r.annex_id,
        data,
      } satisfies NotifyPayload,
    }));
}
