import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen, newStaff } from '../../support/factories';
import { DEMO_PASSWORD } from '../../support/app';

/** Issue 18: disabling a person, logging out or a detected refresh reuse cuts access at the next request. */
describe('Session revocation at the next request', () => {
  let t: TestApp;
  let admin: string;
  let someCitizen: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
    someCitizen = (await newCitizen(t.db)).id;
  });
  afterAll(() => t?.close());

  const login = async (login: string, password = DEMO_PASSWORD) =>
    (await t.http.post('/api/v1/auth/login').send({ login, password }).expect(200)).body;
  /** The three reads the report names, all of which must close. */
  async function reads(token: string): Promise<number[]> {
    return Promise.all(
      ['/api/v1/me', '/api/v1/requests', `/api/v1/citizens/${someCitizen}`].map(
        async (path) => (await t.http.get(path).set(bearer(token))).status,
      ),
    );
  }

  it('a disabled staff member loses access at once', async () => {
    const s = await newStaff(t.db, 'agent');
    const session = await login(s.username);
    expect(await reads(session.accessToken)).toEqual([200, 200, 200]);
    await t.http.patch(`/api/v1/staff/${s.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect(await reads(session.accessToken)).toEqual([401, 401, 401]);
  });

  it('logout ends the access token too', async () => {
    const s = await newStaff(t.db, 'reception');
    const session = await login(s.username);
    const other = await login(s.username); // another device: its own session survives
    await t.http.get('/api/v1/me').set(bearer(session.accessToken)).expect(200);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect(await reads(session.accessToken)).toEqual([401, 401, 401]);
    await t.http.get('/api/v1/me').set(bearer(other.accessToken)).expect(200);
  });

  it('a reused refresh token ends every access token of its session', async () => {
    const s = await newStaff(t.db, 'agent');
    const first = await login(s.username);
    const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    await t.http.get('/api/v1/me').set(bearer(second.accessToken)).expect(200);
    await t.http.get('/api/v1/me').set(bearer(first.accessToken)).expect(200); // rotation alone keeps the session
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401); // the replay
    for (const token of [first.accessToken, second.accessToken]) expect(await reads(token)).toEqual([401, 401, 401]);
  });

  it('a citizen who logs out is signed out of the API too', async () => {
    const c = await newCitizen(t.db);
    const session = await login(c.cin, c.password);
    await t.http.get('/api/v1/me').set(bearer(session.accessToken)).expect(200);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await t.http.get('/api/v1/me').set(bearer(session.accessToken)).expect(401);
  });
});
