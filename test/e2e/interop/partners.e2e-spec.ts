import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { apiKey, newPartner } from './helpers';

describe('Partners and API keys', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
  });
  afterAll(() => t?.close());

  it('issues a key shown once, stored as a SHA-256 hash with a visible prefix', async () => {
    const p = await newPartner(t, ['webhooks:manage']);
    expect(p.apiKey).toMatch(/^ak_live_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.query(`SELECT prefix, key_hash FROM partner_api_key WHERE partner_id = $1`, [p.id]);
    expect(p.apiKey.startsWith(row.prefix)).toBe(true);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(p.apiKey);

    const got = await t.http.get(`/api/v1/partners/${p.id}`).set(bearer(admin)).expect(200);
    expect(got.body.keys).toEqual([expect.objectContaining({ prefix: row.prefix, status: 'active' })]);
    expect(JSON.stringify(got.body)).not.toContain(p.apiKey);
    const list = await t.http.get('/api/v1/partners?limit=100').set(bearer(admin)).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(p.id);
  });

  it('key lifecycle: use, rotate with overlap, old key expires, revoke → 401', async () => {
    const p = await newPartner(t, ['webhooks:manage']);
    await t.http.get('/api/v1/webhooks').set(apiKey(p.apiKey)).expect(200);

    const rotated = await t.http.post(`/api/v1/partners/${p.id}/keys`).set(bearer(admin)).expect(201);
    const fresh = rotated.body.apiKey as string;
    expect(fresh).not.toBe(p.apiKey);
    // Both work during the overlap; the old one now ends within 24 h.
    await t.http.get('/api/v1/webhooks').set(apiKey(p.apiKey)).expect(200);
    await t.http.get('/api/v1/webhooks').set(apiKey(fresh)).expect(200);
    const got = await t.http.get(`/api/v1/partners/${p.id}`).set(bearer(admin)).expect(200);
    const old = got.body.keys.find((k: { id: string }) => k.id === p.keyId);
    const hoursLeft = (Date.parse(old.expiresAt) - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(23);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    // The overlap window has passed (moved in the database rather than waited for).
    await t.db.query(`UPDATE partner_api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [p.keyId]);
    const expired = await t.http.get('/api/v1/webhooks').set(apiKey(p.apiKey)).expect(401);
    expect(expired.headers['content-type']).toContain('application/problem+json');
    await t.http.get('/api/v1/webhooks').set(apiKey(fresh)).expect(200);

    await t.http.delete(`/api/v1/partners/${p.id}/keys/${rotated.body.id}`).set(bearer(admin)).expect(200);
    await t.http.get('/api/v1/webhooks').set(apiKey(fresh)).expect(401);
    const after = await t.http.get(`/api/v1/partners/${p.id}`).set(bearer(admin)).expect(200);
    expect(after.body.keys.map((k: { status: string }) => k.status).sort()).toEqual(['expired', 'revoked']);
  });

  it('refuses unknown keys (401) and keys lacking the scope or role (403)', async () => {
    await t.http.get('/api/v1/webhooks').set(apiKey('ak_live_nope')).expect(401);
    await t.http.get('/api/v1/webhooks').expect(401);
    const updater = await newPartner(t, ['dossiers:update']);
    const res = await t.http.get('/api/v1/webhooks').set(apiKey(updater.apiKey)).expect(403);
    expect(res.body.detail).toContain('webhooks:manage');
    await t.http.get('/api/v1/partners').set(apiKey(updater.apiKey)).expect(403);
    const agent = await t.token('agent1', undefined, 1);
    await t.http.get('/api/v1/webhooks').set(bearer(agent)).expect(403);
    await t.http
      .post('/api/v1/partners')
      .set(bearer(agent))
      .send({ name: 'x', scopes: ['dossiers:update'] })
      .expect(403);
    await t.http.post(`/api/v1/partners/${updater.id}/keys`).set(bearer(agent)).expect(403);
  });

  it('attributes and audits every partner call, without bodies', async () => {
    const p = await newPartner(t, ['dossiers:update']);
    await t.http.get('/api/v1/webhooks').set(apiKey(p.apiKey)).expect(403);
    await t.http.post('/api/v1/interop/dossiers/BRK5-0000-000000/updates').set(apiKey(p.apiKey)).send({}).expect(400);
    const calls = await eventually(async () => {
      const rows = await t.db.query(`SELECT key_prefix, method, route, status FROM partner_call WHERE partner_id = $1 ORDER BY id`, [p.id]);
      return rows.length === 2 && rows;
    });
    expect(calls).toEqual([
      { key_prefix: p.apiKey.slice(0, 12), method: 'GET', route: '/api/v1/webhooks', status: 403 },
      { key_prefix: p.apiKey.slice(0, 12), method: 'POST', route: '/api/v1/interop/dossiers/:trackingCode/updates', status: 400 },
    ]);
    await expect(t.db.query(`DELETE FROM partner_call WHERE partner_id = $1`, [p.id])).rejects.toThrow(/append-only/);
  });

  it('limits each key to its rate (429 problem+json)', async () => {
    const p = await newPartner(t, ['webhooks:manage'], { rateLimitPerMinute: 3 });
    // Seven calls cross at most one minute boundary, so at least one exceeds 3 a minute.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http.get('/api/v1/webhooks').set(apiKey(p.apiKey))).status);
    expect(statuses.slice(0, 1)).toEqual([200]);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });

  it('names the bad field on invalid input, writing nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM partner`))[0].n;
    const res = await t.http
      .post('/api/v1/partners')
      .set(bearer(admin))
      .send({ name: 'Commune', scopes: ['root'] })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('scopes');
    await t.http.get('/api/v1/partners/not-a-uuid').set(bearer(admin)).expect(400);
    await t.http.get('/api/v1/partners/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM partner`))[0].n).toBe(before);
  });
});
