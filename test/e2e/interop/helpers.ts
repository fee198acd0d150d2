import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, TestApp } from '../../support/app';
import { citizenWithTokens, move, PASSPORT_FORM, submit } from '../requests/helpers';

export const apiKey = (key: string) => ({ Authorization: `ApiKey ${key}` });

export async function newPartner(
  t: TestApp,
  scopes: string[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string; apiKey: string; keyId: string }> {
  const admin = await t.token('admin');
  const res = await t.http
    .post('/api/v1/partners')
    .set(bearer(admin))
    .send({ name: `Agence ${Math.random().toString(36).slice(2, 8)}`, scopes, agencyCode: 'DGSN', ...extra })
    .expect(201);
  return { id: res.body.id, apiKey: res.body.apiKey, keyId: res.body.keys[0].id };
}

/** A passport request, reviewed and forwarded to the agency (DGSN, the one `newPartner` acts for): what a partner updates. */
export async function forwardedDossier(t: TestApp): Promise<{ id: string; trackingCode: string; citizenId: string }> {
  const c = await citizenWithTokens(t);
  const agent = await t.token('agent1', undefined, 1);
  const r = await submit(t, c.web, { procedureCode: 'PASSPORT', form: PASSPORT_FORM }).expect(201);
  await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
  await move(t, agent, r.body.id, 'forwarded').expect(200);
  return { id: r.body.id, trackingCode: r.body.trackingCode, citizenId: c.id };
}

/** The receiver snippet of docs/webhooks.md, as a partner would write it. */
export function verify(secret: string, rawBody: string, header: string, toleranceSeconds = 300): boolean {
  const { t, v1 } = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2)));
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A partner's HTTP receiver on loopback; `answer` decides each response (or holds it). */
export async function receiver(
  answer: (n: number, req: Received, res: ServerResponse) => void,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      answer(received.length, r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
