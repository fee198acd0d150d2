import { bearer, createTestApp, TestApp } from '../../support/app';
import { opsMode } from '../../../libs/core/src/http/ops-routes';
import { apiKey, newPartner } from '../interop/helpers';

/** Issue 18: admins oversee partners' webhooks; authenticated answers are not stored; ops routes per OPS_ROUTES. */
describe('Oversight, caching and operator routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it("lets an admin list and disable any partner's webhook, and nothing more", async () => {
    const admin = await t.token('admin');
    const a = await newPartner(t, ['webhooks:manage']);
    const b = await newPartner(t, ['webhooks:manage']);
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set(apiKey(a.apiKey))
        .send({ url: 'https://partner-a.example.ma/hooks', events: ['request.submitted'] })
        .expect(201)
    ).body;
    const all = await t.http.get(`/api/v1/webhooks?partnerId=${a.id}`).set(bearer(admin)).expect(200);
    expect(all.body.items).toEqual([expect.objectContaining({ id: hook.id, partnerId: a.id, url: 'https://partner-a.example.ma/hooks' })]);
    expect(all.body.items[0].secret).toBeUndefined();
    expect((await t.http.get('/api/v1/webhooks').set(bearer(admin)).expect(200)).body.items.map((w: { id: string }) => w.id)).toContain(
      hook.id,
    );
    await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(admin)).expect(200);
    await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(admin)).expect(200);
    // Another partner still sees nothing of it; staff other than admins have no access.
    await t.http.get(`/api/v1/webhooks/${hook.id}`).set(apiKey(b.apiKey)).expect(404);
    expect((await t.http.get(`/api/v1/webhooks?partnerId=${a.id}`).set(apiKey(b.apiKey)).expect(200)).body.items).toEqual([]);
    await t.http
      .get('/api/v1/webhooks')
      .set(bearer(await t.token('supervisor')))
      .expect(403);
    // Admins oversee; they do not subscribe on a partner's behalf.
    await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: 'https://x.example.ma/h', events: ['request.submitted'] })
      .expect(403);

    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(admin)).expect(204);
    expect((await t.http.get('/api/v1/webhooks').set(apiKey(a.apiKey)).expect(200)).body.items).toEqual([]);
    const [row] = await t.db.query(`SELECT deleted_at FROM webhook_subscription WHERE id = $1`, [hook.id]);
    expect(row.deleted_at).not.toBeNull();
  });

  it('marks authenticated JSON no-store, and leaves public answers cacheable', async () => {
    const me = await t.http
      .get('/api/v1/me')
      .set(bearer(await t.token('agent1')))
      .expect(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const problem = await t.http
      .get('/api/v1/requests/00000000-0000-4000-8000-000000000000')
      .set(bearer(await t.token('agent1')))
      .expect(404);
    expect(problem.headers['cache-control']).toBe('no-store');
    const guide = await t.http.get('/api/v1/procedures').expect(200);
    expect(guide.headers['cache-control'] ?? '').not.toContain('no-store');
  });

  it('defaults the ops routes to internal in production and public elsewhere', () => {
    expect(opsMode({ NODE_ENV: 'production' })).toBe('internal');
    expect(opsMode({ NODE_ENV: 'development' })).toBe('public');
    expect(opsMode({ NODE_ENV: 'production', OPS_ROUTES: 'public' })).toBe('public');
  });

  it.each([
    ['internal, caller outside the allowed networks', { OPS_ROUTES: 'internal', OPS_ALLOW_CIDRS: '10.0.0.0/8' }],
    ['token', { OPS_ROUTES: 'token', OPS_ALLOW_CIDRS: '127.0.0.0/8,::1/128' }],
  ])('closes /metrics, /docs and /docs-json (%s) except to the ops token', async (_, env) => {
    const saved = { ...process.env };
    Object.assign(process.env, env, { OPS_TOKEN: 'ops-token-that-is-long-enough-0001' });
    const closed = await createTestApp();
    try {
      for (const path of ['/metrics', '/docs-json', '/docs', '/docs-yaml']) {
        const res = await closed.http.get(path).expect(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        await closed.http.get(path).set('Authorization', 'Bearer wrong-token-of-the-same-lengthxx').expect(404);
        await closed.http
          .get(path)
          .set('Authorization', 'Bearer ops-token-that-is-long-enough-0001')
          .expect((r) => expect(r.status).toBeLessThan(400));
      }
      // The API itself and the probes stay open.
      await closed.http.get('/health/live').expect(200);
      await closed.http.get('/api/v1/procedures').expect(200);
    } finally {
      await closed.close();
      process.env = saved;
    }
  });
});
