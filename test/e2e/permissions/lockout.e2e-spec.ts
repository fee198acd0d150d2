import { createTestApp, DEMO_PASSWORD, TestApp } from '../../support/app';
import { newStaff } from '../../support/factories';

/** Issue 18: wrong passwords slow guessing down, never lock the owner out, and say nothing about which logins exist. */
describe('Sign-in throttling is not a weapon', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = (body: object) => t.http.post('/api/v1/auth/login').send(body);
  const shape = (r: { status: number; body: { type?: string; detail?: string } }) => ({
    status: r.status,
    type: r.body.type,
    detail: r.body.detail,
  });

  it('answers a known and an unknown login alike, attempt after attempt, then both with 429 and Retry-After', async () => {
    const s = await newStaff(t.db, 'admin');
    const unknown = `nobody${Date.now()}`;
    for (let i = 0; i < 5; i++) {
      expect(shape(await login({ login: s.username, password: 'wrong' }))).toEqual(
        shape(await login({ login: unknown, password: 'wrong' })),
      );
    }
    const [known, nobody] = [await login({ login: s.username, password: 'wrong' }), await login({ login: unknown, password: 'wrong' })];
    expect(known.status).toBe(429);
    expect(shape(known)).toEqual(shape(nobody));
    expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
    expect(known.body.type).toMatch(/login-throttled$/);
    // No account is locked: nothing is written on the account row.
    const [row] = await t.db.query(`SELECT failed_logins, locked_until FROM staff WHERE id = $1`, [s.id]);
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('never holds back the owner on a device that signed in before, even while the name is throttled', async () => {
    // (An admin still without a second factor: its sign-in answers a setup-only session at once.)
    const s = await newStaff(t.db, 'admin', undefined, false);
    const first = await login({ login: s.username, password: DEMO_PASSWORD }).expect(200);
    expect(first.body.deviceToken).toEqual(expect.any(String));
    for (let i = 0; i < 8; i++) await login({ login: s.username, password: 'guess' });
    // From a new device, the right password waits like everything else...
    await login({ login: s.username, password: DEMO_PASSWORD }).expect(429);
    // Another account's device token is no pass for this one.
    const other = await newStaff(t.db, 'agent');
    const otherDevice = (await login({ login: other.username, password: DEMO_PASSWORD }).expect(200)).body.deviceToken;
    await login({ login: s.username, password: DEMO_PASSWORD, deviceToken: otherDevice }).expect(429);
    // ...from the known device it goes through, and the device keeps its token.
    const again = await login({ login: s.username, password: DEMO_PASSWORD, deviceToken: first.body.deviceToken }).expect(200);
    expect(again.body.deviceToken).toBe(first.body.deviceToken);
  });

  it("a correct sign-in clears the name's count", async () => {
    const s = await newStaff(t.db, 'agent');
    for (let i = 0; i < 4; i++) await login({ login: s.username, password: 'wrong' }).expect(401);
    await login({ login: s.username, password: DEMO_PASSWORD }).expect(200);
    for (let i = 0; i < 4; i++) await login({ login: s.username, password: 'wrong' }).expect(401);
  });
});
