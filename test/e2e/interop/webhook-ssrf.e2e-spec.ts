import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { ResolvedAddress, WebhookResolver } from '@app/interop';
import { createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';
import { apiKey, newPartner, receiver } from './helpers';
import { startWorker } from '../../support/worker';

/**
 * The address policy as production applies it (no loopback), with a DNS stub standing in for
 * the resolver so names can point anywhere, and a loopback receiver that must never be reached.
 */
describe('Webhook targets: no way inside (SSRF)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let partner: { id: string; apiKey: string };
  let rx: Awaited<ReturnType<typeof receiver>>;
  let port: number;
  /** The test DNS: name → addresses, consulted by the API (creation) and the worker (delivery). */
  const dns = new Map<string, ResolvedAddress[] | (() => ResolvedAddress[])>();
  const stub = async (name: string) => {
    const a = dns.get(name);
    if (!a) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return typeof a === 'function' ? a() : a;
  };
  const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
  const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

  beforeAll(async () => {
    rx = await receiver((_n, _r, res) => res.writeHead(204).end());
    port = Number(new URL(rx.url).port);
    process.env.WEBHOOK_BACKOFF_MS = '50';
    process.env.WEBHOOK_ALLOW_LOOPBACK = 'false';
    process.env.WEBHOOK_ALLOWED_PORTS = `80,443,${port}`;
    t = await createTestApp();
    worker = await startWorker();
    t.app.get(WebhookResolver).lookup = stub;
    worker.get(WebhookResolver).lookup = stub;
    partner = await newPartner(t, ['webhooks:manage']);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await rx?.close();
    delete process.env.WEBHOOK_ALLOW_LOOPBACK;
    delete process.env.WEBHOOK_ALLOWED_PORTS;
  });

  const create = (url: string) =>
    t.http
      .post('/api/v1/webhooks')
      .set(apiKey(partner.apiKey))
      .send({ url, events: ['request.submitted'] });
  const refusedAtCreation = async (url: string) => {
    const res = await create(url);
    expect({ url, status: res.status }).toEqual({ url, status: 400 });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0]).toMatchObject({ field: 'url' });
  };

  it('refuses every forbidden literal form at creation', async () => {
    for (const host of [
      `[::ffff:127.0.0.1]:${port}`,
      `[::ffff:7f00:1]:${port}`,
      `[0:0:0:0:0:ffff:127.0.0.1]:${port}`,
      `[::]:${port}`,
      `[::1]:${port}`,
      `[::127.0.0.1]:${port}`, // IPv4-compatible
      `127.0.0.1:${port}`,
      `2130706433:${port}`, // 127.0.0.1 as one decimal number
      `localhost:${port}`,
      '0.0.0.0',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.10',
      '169.254.169.254', // cloud metadata
      '100.64.0.1', // CGNAT
      '[fd00::1]', // unique local
      '[fe80::1]', // link-local
      '224.0.0.1', // multicast
      '[ff02::1]',
      '255.255.255.255', // broadcast
      '192.0.2.10', // documentation
      '198.51.100.7',
      '203.0.113.9',
      '[2001:db8::1]',
      '[64:ff9b::a00:1]', // NAT64 of 10.0.0.1
    ]) {
      await refusedAtCreation(`http://${host}/hooks`);
    }
    // Ports other than 80/443 (and those configured) are refused for any host.
    await refusedAtCreation('http://93.184.216.34:8080/hooks');
    await refusedAtCreation('https://hooks.partner.test:22/x');
  });

  it('resolves names at creation and refuses one with any forbidden address', async () => {
    dns.set('internal.partner.test', [v4('10.0.0.5')]);
    dns.set('meta.partner.test', [v4('169.254.169.254')]);
    dns.set('mixed.partner.test', [v4('93.184.216.34'), v4('127.0.0.1')]);
    dns.set('mapped.partner.test', [v6('::ffff:127.0.0.1')]);
    for (const name of ['internal', 'meta', 'mixed', 'mapped']) await refusedAtCreation(`https://${name}.partner.test/hooks`);
    dns.set('public.partner.test', [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')]);
    const ok = await create('https://public.partner.test/hooks').expect(201);
    // Nothing may be sent to the real address later on.
    await t.http.delete(`/api/v1/webhooks/${ok.body.id}`).set(apiKey(partner.apiKey)).expect(204);
  });

  async function submitted(): Promise<void> {
    const c = await citizenWithTokens(t);
    await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
  }
  const deliveries = async (hookId: string) =>
    (await t.http.get(`/api/v1/webhooks/${hookId}/deliveries`).set(apiKey(partner.apiKey)).expect(200)).body.items;

  it('checks again at delivery: a name re-pointed at loopback (rebinding) or a stored literal is refused, never reached, logged without timing', async () => {
    let lookups = 0;
    // Public while the subscription is created, loopback afterwards.
    dns.set('rebind.partner.test', () => (lookups++ === 0 ? [v4('93.184.216.34')] : [v4('127.0.0.1')]));
    const rebind = await create(`http://rebind.partner.test:${port}/hooks`).expect(201);
    // A literal stored before the rule existed.
    const [old] = await t.db.query(
      `INSERT INTO webhook_subscription (partner_id, url, event_types, secret) VALUES ($1, $2, '{request.submitted}', 'whsec_x') RETURNING id`,
      [partner.id, `http://[::ffff:7f00:1]:${port}/hooks`],
    );
    await submitted();
    for (const id of [rebind.body.id, old.id]) {
      const [d] = await eventually(async () => {
        const items = await deliveries(id);
        return items[0]?.log?.length >= 1 && items;
      });
      expect(d.log[0]).toMatchObject({ statusCode: null, latencyMs: null, errorClass: 'refused' });
      expect(d.lastStatusCode).toBeNull();
    }
    expect(lookups).toBeGreaterThanOrEqual(2);
    expect(rx.received).toHaveLength(0);
  });

  it('connects to the address it checked (the stub), not to what the system DNS says, and follows no redirect', async () => {
    // Loopback allowed again for this one: the receiver is on 127.0.0.1 and the name exists only
    // in the stub. Its own receiver: the refused deliveries above keep being retried meanwhile.
    const rx2 = await receiver((_n, _r, res) => res.writeHead(204).end());
    const port2 = Number(new URL(rx2.url).port);
    for (const c of [t.app.get(AppConfig), worker.get(AppConfig)]) {
      c.WEBHOOK_ALLOW_LOOPBACK = true;
      c.WEBHOOK_ALLOWED_PORTS = [80, 443, port, port2];
    }
    try {
      dns.set('pinned.partner.test', [v4('127.0.0.1')]);
      const hook = await create(`http://pinned.partner.test:${port2}/hooks`).expect(201);
      await submitted();
      const [d] = await eventually(async () => {
        const items = await deliveries(hook.body.id);
        return items[0]?.status === 'delivered' && items;
      });
      expect(d.log[0]).toMatchObject({ statusCode: 204, errorClass: null, latencyMs: expect.any(Number) });
      expect(rx2.received.map((r) => r.headers.host)).toEqual([`pinned.partner.test:${port2}`]);

      // A receiver answering with a redirect is not followed: the 302 is the attempt's status.
      const rx3 = await receiver((_n, _r, res) => res.writeHead(302, { location: `${rx2.url}?followed=1` }).end());
      try {
        for (const c of [t.app.get(AppConfig), worker.get(AppConfig)]) c.WEBHOOK_ALLOWED_PORTS.push(Number(new URL(rx3.url).port));
        const moved = await create(rx3.url).expect(201);
        await submitted();
        const [m] = await eventually(async () => {
          const items = await deliveries(moved.body.id);
          return items[0]?.log?.length >= 1 && items;
        });
        expect(m.log[0]).toMatchObject({ statusCode: 302, errorClass: 'http_other' });
        expect(rx3.received.length).toBeGreaterThanOrEqual(1);
        expect(rx2.received.filter((r) => r.headers.host !== `pinned.partner.test:${port2}`)).toEqual([]);
      } finally {
        await rx3.close();
      }
    } finally {
      for (const c of [t.app.get(AppConfig), worker.get(AppConfig)]) c.WEBHOOK_ALLOW_LOOPBACK = false;
      await rx2.close();
    }
  });
});
