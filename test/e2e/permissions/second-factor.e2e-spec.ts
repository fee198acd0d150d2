import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../../support/app';
import { newStaff } from '../../support/factories';
import { totpCode } from '../../support/second-factor';

const STEP_MS = 30_000;

/** Issue 18: TOTP second factor (RFC 6238), required for admin and supervisor, with recovery codes. */
describe('Second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = (body: object) => t.http.post('/api/v1/auth/login').send(body);
  const second = (body: object) => t.http.post('/api/v1/auth/login/second-factor').send(body);

  it('an admin without one reaches only its setup; enrols with a code; then sign-in asks for a code, once each', async () => {
    const s = await newStaff(t.db, 'admin', undefined, false);
    const setupOnly = (await login({ login: s.username, password: DEMO_PASSWORD }).expect(200)).body;
    const refused = await t.http.get('/api/v1/staff').set(bearer(setupOnly.accessToken)).expect(403);
    expect(refused.body.type).toMatch(/second-factor-setup-required$/);
    await t.http.get('/api/v1/requests').set(bearer(setupOnly.accessToken)).expect(403);
    await t.http.get('/api/v1/me').set(bearer(setupOnly.accessToken)).expect(200);
    expect((await t.http.get('/api/v1/me/mfa').set(bearer(setupOnly.accessToken)).expect(200)).body).toEqual({
      enabled: false,
      required: true,
      recoveryCodesLeft: 0,
    });

    const setup = (await t.http.post('/api/v1/me/mfa/totp').set(bearer(setupOnly.accessToken)).expect(201)).body;
    expect(setup.otpauthUri).toMatch(new RegExp(`^otpauth://totp/.*${s.username}\\?secret=${setup.secret}`));
    // The secret is not stored as given.
    expect(JSON.stringify(await t.db.query(`SELECT * FROM staff_totp WHERE staff_id = $1`, [s.id]))).not.toContain(setup.secret);
    const wrong = await t.http
      .post('/api/v1/me/mfa/totp/confirm')
      .set(bearer(setupOnly.accessToken))
      .send({ code: totpCode(setup.secret, Date.now() - 5 * STEP_MS) })
      .expect(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['code']);
    const confirmCode = totpCode(setup.secret);
    const confirmed = (
      await t.http.post('/api/v1/me/mfa/totp/confirm').set(bearer(setupOnly.accessToken)).send({ code: confirmCode }).expect(200)
    ).body;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const stored: { code_hash: string }[] = await t.db.query(`SELECT code_hash FROM staff_recovery_code WHERE staff_id = $1`, [s.id]);
    expect(stored).toHaveLength(10);
    for (const c of confirmed.recoveryCodes) expect(JSON.stringify(stored)).not.toContain(c.replace(/-/g, ''));
    expect(await t.db.query(`SELECT kind, actor_id FROM staff_security_event WHERE staff_id = $1`, [s.id])).toEqual([
      { kind: 'totp-enrolled', actor_id: s.id },
    ]);
    // The session, refreshed, now reaches the admin routes.
    const full = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: setupOnly.refreshToken }).expect(200)).body;
    await t.http.get('/api/v1/staff').set(bearer(full.accessToken)).expect(200);

    // A new sign-in: the password alone gives a challenge, not tokens; the challenge is no bearer token.
    const challenged = await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    expect(challenged.body).toMatchObject({ secondFactor: 'totp', challenge: expect.any(String), expiresIn: 300 });
    expect(challenged.body).not.toHaveProperty('accessToken');
    await t.http.get('/api/v1/me').set(bearer(challenged.body.challenge)).expect(401);
    // Wrong, and replayed (the confirmation's code), refused.
    await second({ challenge: challenged.body.challenge, code: totpCode(setup.secret, Date.now() - 5 * STEP_MS) }).expect(401);
    await second({ challenge: challenged.body.challenge, code: confirmCode }).expect(401);
    const next = totpCode(setup.secret, Date.now() + STEP_MS);
    const ok = await second({ challenge: challenged.body.challenge, code: next }).expect(200);
    // Tokens and challenges are never kept by a shared computer's browser or a proxy.
    expect([challenged.headers['cache-control'], ok.headers['cache-control']]).toEqual(['no-store', 'no-store']);
    await t.http.get('/api/v1/staff').set(bearer(ok.body.accessToken)).expect(200);
    // The same code again, with a fresh challenge: refused.
    const again = await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    expect((await second({ challenge: again.body.challenge, code: next }).expect(401)).body.type).toMatch(/second-factor-wrong$/);
    // The device that passed the factor is not asked again.
    const trusted = await login({ login: s.username, password: DEMO_PASSWORD, deviceToken: challenged.body.deviceToken }).expect(200);
    expect(trusted.body.accessToken).toEqual(expect.any(String));

    // A recovery code works once (any case, with or without dashes).
    const r1 = await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    await second({ challenge: r1.body.challenge, recoveryCode: confirmed.recoveryCodes[0].toUpperCase() }).expect(200);
    const r2 = await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    await second({ challenge: r2.body.challenge, recoveryCode: confirmed.recoveryCodes[0] }).expect(401);
    await second({ challenge: r2.body.challenge }).expect(400);
    expect((await t.http.get('/api/v1/me/mfa').set(bearer(ok.body.accessToken)).expect(200)).body).toEqual({
      enabled: true,
      required: true,
      recoveryCodesLeft: 9,
    });
    expect(
      (await t.db.query(`SELECT kind FROM staff_security_event WHERE staff_id = $1 ORDER BY at`, [s.id])).map(
        (r: { kind: string }) => r.kind,
      ),
    ).toEqual(['totp-enrolled', 'recovery-code-used']);
  });

  it('throttles wrong codes per account (even a right one waits then), and an admin reset is recorded and signs the account out', async () => {
    const s = await newStaff(t.db, 'supervisor');
    const c = await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await second({ challenge: c.body.challenge, code: '000000' === totpCode() ? '111111' : '000000' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const held = await second({ challenge: c.body.challenge, code: totpCode() }).expect(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.db.query(`SELECT last_step FROM staff_totp WHERE staff_id = $1`, [s.id]))[0].last_step).toBeNull();

    // The supervisor lost the phone: an admin resets the factor.
    const [live] = await t.db.query(`SELECT count(*)::int AS n FROM refresh_token WHERE subject_id = $1 AND revoked_at IS NULL`, [s.id]);
    const admin = await t.token('admin');
    const agent = await t.token('agent1');
    await t.http.delete(`/api/v1/staff/${s.id}/mfa`).set(bearer(agent)).expect(403);
    await t.http.delete(`/api/v1/staff/${s.id}/mfa`).set(bearer(admin)).expect(204);
    const [adminRow] = await t.db.query(`SELECT id FROM staff WHERE username = 'admin'`);
    expect(await t.db.query(`SELECT kind, actor_id FROM staff_security_event WHERE staff_id = $1`, [s.id])).toEqual([
      { kind: 'totp-reset', actor_id: adminRow.id },
    ]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM staff_totp WHERE staff_id = $1`, [s.id])).toEqual([{ n: 0 }]);
    expect(live.n).toBe(0);
    // Signing in again (once the throttle has passed) gives a setup-only session: it must enrol anew.
    await t.db.query(`DELETE FROM login_throttle`);
    const setupOnly = (await login({ login: s.username, password: DEMO_PASSWORD }).expect(200)).body;
    await t.http.get('/api/v1/requests').set(bearer(setupOnly.accessToken)).expect(403);
    await t.http.post('/api/v1/me/mfa/totp').set(bearer(setupOnly.accessToken)).expect(201);
  });

  it('is optional for an agent, who may set one up', async () => {
    const s = await newStaff(t.db, 'agent');
    const pair = (await login({ login: s.username, password: DEMO_PASSWORD }).expect(200)).body;
    await t.http.get('/api/v1/requests').set(bearer(pair.accessToken)).expect(200);
    expect((await t.http.get('/api/v1/me/mfa').set(bearer(pair.accessToken)).expect(200)).body).toEqual({
      enabled: false,
      required: false,
      recoveryCodesLeft: 0,
    });
    const setup = (await t.http.post('/api/v1/me/mfa/totp').set(bearer(pair.accessToken)).expect(201)).body;
    await t.http
      .post('/api/v1/me/mfa/totp/confirm')
      .set(bearer(pair.accessToken))
      .send({ code: totpCode(setup.secret) })
      .expect(200);
    await t.http.post('/api/v1/me/mfa/totp').set(bearer(pair.accessToken)).expect(409);
    await login({ login: s.username, password: DEMO_PASSWORD }).expect(202);
    // A citizen has no staff second factor.
    const citizen = await t.token('BK123456');
    await t.http.get('/api/v1/me/mfa').set(bearer(citizen)).expect(403);
  });
});
