import { createTestApp, TestApp } from '../../support/app';

describe('errors are problem+json', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t.close());

  it('names each bad field of a body with a machine-readable reason', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ login: 5, password: 'x' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.stringContaining('/validation'), title: 'Invalid request', status: 400 });
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'login', reason: 'isString' })]));
    expect(res.body.errors.some((e: { field: string }) => e.field === 'password')).toBe(false);
  });

  it('refuses unknown fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ login: 'agent1', password: 'x', isAdmin: true }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin', reason: 'unknown' })]);
  });

  it('answers an unknown route with a 404 problem, under the API prefix and outside it', async () => {
    for (const path of ['/api/v1/no-such-thing', '/api/v2/anything']) {
      const res = await t.http.get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
      expect(res.body.detail).toContain(path);
    }
  });

  it('answers malformed JSON with a 400 problem and no stack trace', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"login":').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ login: 'x'.repeat(2_000_000), password: 'y' }))
      .expect(413);
    expect(res.body.status).toBe(413);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.http.get('/health/live').set('x-request-id', 'abc12345-req').expect(200);
    expect(given.headers['x-request-id']).toBe('abc12345-req');
    const made = await t.http.get('/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('requires authentication on closed routes (401 problem)', async () => {
    const res = await t.http.get('/api/v1/me').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.get('/api/v1/me').set('Authorization', 'Bearer not-a-token').expect(401);
  });
});
