import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { bearer, TestApp } from '../../support/app';
import { newCitizen, NewCitizen } from '../../support/factories';

export const RESIDENCE_FORM = { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' };
export const PASSPORT_FORM = { applicationType: 'first', stampNumber: 'TF-2026-000042' };

/** A citizen with a web token and one signed in at the kiosk (same account, channel kiosk). */
export async function citizenWithTokens(t: TestApp): Promise<NewCitizen & { web: string; kiosk: string }> {
  const c = await newCitizen(t.db);
  const web = await t.token(c.cin, c.password);
  const [row] = await t.db.query(`SELECT annex_id FROM citizen WHERE id = $1`, [c.id]);
  // The kiosk's own sign-in flow belongs to accounts; here we only need a token carrying the channel.
  const kiosk = await t.app
    .get(JwtService)
    .signAsync({ sub: c.id, kind: 'citizen', role: 'citizen', annexId: row.annex_id, counter: null, channel: 'kiosk' });
  return { ...c, web, kiosk };
}

export function submit(t: TestApp, token: string, body: object, key: string | null = randomUUID()) {
  const req = t.http.post('/api/v1/requests').set(bearer(token));
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

/** POST a transition with the request's current version (or the one given); `.expect(status)` as with supertest. */
export function move(t: TestApp, token: string, id: string, to: string, extra: { reason?: string; version?: number } = {}) {
  return {
    async expect(status: number) {
      const version = extra.version ?? (await t.db.query(`SELECT version FROM service_request WHERE id = $1`, [id]))[0].version;
      return t.http
        .post(`/api/v1/requests/${id}/transitions`)
        .set(bearer(token))
        .send({ to, version, ...(extra.reason ? { reason: extra.reason } : {}) })
        .expect(status);
    },
  };
}

export async function outboxFor(t: TestApp, requestId: string): Promise<{ topic: string; payload: any }[]> {
  return t.db.query(
    `SELECT topic, payload FROM outbox_message WHERE payload->>'requestId' = $1 OR payload->'data'->>'requestId' = $1 ORDER BY id`,
    [requestId],
  );
}
