import { request as httpRequest, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

const PROBLEM = /^application\/problem\+json/;

describe('hostile input is refused at the boundary', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => t.close());

  const expectControlChar = (res: { status: number; headers: Record<string, string>; body: any }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason: 'controlCharacter' })]));
  };

  it('answers NUL in a body field, a path parameter or a query with 400 naming the field (public and closed routes)', async () => {
    expectControlChar(await t.http.post('/api/v1/auth/login').send({ login: 'agent1\u0000', password: 'x' }), 'login');
    expectControlChar(await t.http.get('/api/v1/procedures/RES%00IDENCE'), 'code');
    expectControlChar(await t.http.get('/api/v1/track/BRK5-2026-000001?cin=BK12%0034'), 'cin');
    expectControlChar(await t.http.get('/api/v1/certificates/X%00'), 'number');
    // Open311 paths answer in GeoReport v2's own error format, naming the parameter.
    const o = await t.http.get('/open311/v2/requests/abc%00.json').expect(400);
    expect(o.body).toEqual([expect.objectContaining({ code: 400, description: expect.stringContaining('file') })]);
    const agent = await t.token('agent1');
    expectControlChar(await t.http.get('/api/v1/citizens?q=%00').set(bearer(agent)), 'q');
    expectControlChar(await t.http.get('/api/v1/requests?q=a%00').set(bearer(agent)), 'q');
    const c = await newCitizen(t.db);
    const citizen = await t.token(c.cin, c.password);
    expectControlChar(await t.http.patch('/api/v1/me').set(bearer(citizen)).send({ email: 'a\u0000@x.ma' }), 'email');
    // Nested fields are named by their path; other C0 controls are refused as well.
    expectControlChar(
      await t.http.post('/api/v1/grievances').send({ kind: 'grievance', text: 'bell \u0007', contact: { name: 'x\u001b' } }),
      'text',
    );
  });

  it('lets tab and line breaks through in body text, but not in a query', async () => {
    // A multi-line password is wrong, not malformed: 401, as for any wrong password.
    await t.http.post('/api/v1/auth/login').send({ login: 'agent1', password: 'line one\nline\ttwo\r\n' }).expect(401);
    expectControlChar(await t.http.get('/api/v1/procedures?q=a%0Ab'), 'q');
  });

  it('answers framework routing errors as problem+json: a malformed escape and an over-long path parameter', async () => {
    const bad = await t.http.get('/api/v1/requests/%ZZ');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM);
    expect(bad.body).toMatchObject({ status: 400, title: 'Bad request' });
    expect(bad.body.code).toBeUndefined();
    // 414 from the router; 404 when the built SPAs are served (their catch-all route takes it).
    const long = await t.http.get(`/api/v1/requests/${'a'.repeat(500)}`);
    expect([404, 414]).toContain(long.status);
    expect(long.headers['content-type']).toMatch(PROBLEM);
    expect(long.body).toMatchObject({ status: long.status });
  });

  it('answers a body that claims to be multipart but is not with 400 (was 500), on every upload route', async () => {
    const admin = await t.token('admin');
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=x']) {
      const res = await t.http.post('/api/v1/signage/media').set(bearer(admin)).set('content-type', type).send('{"file":"not a file"}');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors[0]).toMatchObject({ field: 'file', reason: 'malformed' });
    }
  });

  it('answers a well-formed id that names nothing with 400 naming the field (found by the fuzz: a ticket for an unknown citizen was a 500)', async () => {
    const reception = await t.token('reception');
    const res = await t.http
      .post('/api/v1/tickets')
      .set(bearer(reception))
      .send({ group: 'A', citizenId: '6f1c1f0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'citizenId', reason: 'unknown' })]);
    expect(JSON.stringify(res.body)).not.toContain('6f1c1f0e');
  });

  it('answers an over-long request line with 431 problem+json (Node parser errors)', async () => {
    const res = await t.http.get(`/api/v1/procedures?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({ status: 431 });
  });

  it('refuses JSON nested past 32 levels with 400, and keeps 32 levels a normal validation error', async () => {
    const deep = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('['.repeat(200_000));
    expect(deep.status).toBe(400);
    expect(deep.headers['content-type']).toMatch(PROBLEM);
    expect(deep.body.errors).toEqual([expect.objectContaining({ field: '(body)', reason: 'maxDepth' })]);
    // Brackets inside strings are text, not nesting.
    const inString = await t.http.post('/api/v1/auth/login').send({ login: 'agent1', password: '[{'.repeat(40) });
    expect(inString.status).toBe(401);
    const nested = (n: number): unknown => (n === 0 ? 'x' : { a: nested(n - 1) });
    const ok = await t.http.post('/api/v1/auth/login').send({ login: 'agent1', password: 'x', extra: nested(30) });
    expect(ok.status).toBe(400);
    expect(ok.body.errors).toEqual([expect.objectContaining({ field: 'extra', reason: 'unknown' })]);
  });

  it('answers a deep body before its last byte arrives, and /health/live meanwhile', async () => {
    const events: string[] = [];
    const body = Buffer.alloc(400_000, '[');
    const deep = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/auth/login',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    const closed = new Promise((r) => deep.on('close', r));
    const deepAnswer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      deep.on('response', (res: IncomingMessage) => {
        events.push('deep answered');
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      deep.on('error', (e) => (events.includes('deep answered') ? undefined : reject(e)));
    });
    // Only the first 64 KB: the rest is sent after both answers.
    deep.write(body.subarray(0, 65_536));
    const answered = await deepAnswer;
    const health = await t.http.get('/health/live');
    events.push(`health ${health.status}`);
    deep.end(body.subarray(65_536), () => events.push('deep body sent'));
    await closed;
    expect(answered.status).toBe(400);
    expect(JSON.parse(answered.text).errors[0]).toMatchObject({ reason: 'maxDepth' });
    expect(events.slice(0, 2)).toEqual(['deep answered', 'health 200']);
  });
});
