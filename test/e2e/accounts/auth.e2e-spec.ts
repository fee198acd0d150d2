import { createTestApp, DEMO_PASSWORD, TestApp, bearer } from '../../support/app';
import { newCitizen } from '../../support/factories';
import { signInAsDevice } from '../../support/second-factor';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t.close());

  const login = (body: object) => t.http.post('/api/v1/auth/login').send(body);
  /** admin and supervisor sign in with their second factor too. */
  const signIn = (login: string) =>
    signInAsDevice(async (path, body) => t.http.post(path).send(body as object), process.env.DATABASE_URL ?? '', {
      login,
      password: DEMO_PASSWORD,
    });

  it('signs in staff by username and a citizen by CIN (any case) or phone (any format)', async () => {
    const staff = await login({ login: 'agent1', password: DEMO_PASSWORD }).expect(200);
    expect(staff.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.http.get('/api/v1/me').set(bearer(staff.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ role: 'agent', username: 'agent1', kind: 'staff' });

    const c = await newCitizen(t.db);
    for (const id of [c.cin, c.cin.toLowerCase(), c.phone, `0${c.phone.slice(4)}`]) {
      const res = await login({ login: id, password: c.password }).expect(200);
      const profile = await t.http.get('/api/v1/me').set(bearer(res.body.accessToken)).expect(200);
      expect(profile.body).toMatchObject({ id: c.id, role: 'citizen' });
      expect(profile.body.profile.cin).toBe(c.cin);
      expect(profile.body.profile).not.toHaveProperty('passwordHash');
    }
  });

  it('records the counter an agent sits at, and refuses one that does not exist', async () => {
    const ok = await login({ login: 'agent2', password: DEMO_PASSWORD, counter: 3 }).expect(200);
    const me = await t.http.get('/api/v1/me').set(bearer(ok.body.accessToken)).expect(200);
    expect(me.body.counter).toBe(3);
    const bad = await login({ login: 'agent2', password: DEMO_PASSWORD, counter: 99 }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'counter', reason: 'unknown' });
  });

  it('moves a session to another counter with its refresh token, refusing a bad counter without spending the token', async () => {
    const session = await login({ login: 'agent2', password: DEMO_PASSWORD }).expect(200);
    const refresh = (body: object) => t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken, ...body });
    const unknown = await refresh({ counter: 99 }).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'counter', reason: 'unknown' });
    const moved = await refresh({ counter: 2 }).expect(200); // the refused change did not spend the token
    expect((await t.http.get('/api/v1/me').set(bearer(moved.body.accessToken)).expect(200)).body.counter).toBe(2);
    // A later plain refresh keeps the counter.
    const later = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: moved.body.refreshToken }).expect(200);
    expect((await t.http.get('/api/v1/me').set(bearer(later.body.accessToken)).expect(200)).body.counter).toBe(2);
    // The spent token presented again, even with a bad counter, is a reuse: the whole login is signed out.
    const reused = await refresh({ counter: 99 }).expect(401);
    expect(reused.body.detail).toMatch(/reuse/i);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: later.body.refreshToken }).expect(401);

    const admin = await signIn('admin');
    expect(admin.status).toBe(200);
    const refused = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: admin.body.refreshToken, counter: 2 }).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'counter', reason: 'notAllowed' });
    const c = await newCitizen(t.db);
    const citizen = await login({ login: c.cin, password: c.password }).expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: citizen.body.refreshToken, counter: 2 }).expect(400);
    await t.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: 'x'.repeat(43), counter: 2 })
      .expect(401);
  });

  it('answers the same 401 for a wrong password and an unknown account', async () => {
    const a = await login({ login: 'agent1', password: 'wrong-password' }).expect(401);
    const b = await login({ login: 'nobody-here', password: 'wrong-password' }).expect(401);
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const first = await signIn('supervisor');
    expect(first.status).toBe(200);
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    await t.http.get('/api/v1/me').set(bearer(second.body.accessToken)).expect(200);

    // Replaying the spent token: refused, and the newer token of the same family dies too.
    const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    expect(replay.body.detail).toMatch(/reuse/);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const pair = await login({ login: 'reception', password: DEMO_PASSWORD }).expect(200);
    const results = await Promise.all([1, 2].map(() => t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.body.refreshToken })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logout revokes the refresh family', async () => {
    const pair = await login({ login: 'agent2', password: DEMO_PASSWORD }).expect(200);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: pair.body.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.body.refreshToken }).expect(401);
  });
});
