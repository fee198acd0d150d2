import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../../support/app';
import { newCin, newPhone } from '../../support/factories';

describe('the citizen register (CAU)', () => {
  let t: TestApp;
  let neighbourhoodId: string;
  beforeAll(async () => {
    t = await createTestApp();
    [{ id: neighbourhoodId }] = await t.db.query(
      `SELECT n.id FROM neighbourhood n JOIN annex a ON a.id = n.annex_id WHERE a.code = 'BRK5' ORDER BY n.code LIMIT 1`,
    );
  });
  afterAll(async () => t.close());

  const identity = (over: Record<string, unknown> = {}) => ({
    cin: newCin().toLowerCase(),
    phone: `0${newPhone().slice(4)}`,
    firstName: 'Nadia',
    lastName: 'Tahiri',
    firstNameAr: 'نادية',
    lastNameAr: 'الطاهري',
    birthDate: '1992-03-04',
    sex: 'F',
    neighbourhoodId,
    addressLine: '7 rue des Orangers',
    preferredLanguage: 'ar',
    preferredChannel: 'sms',
    ...over,
  });
  /** The code travels by SMS through the outbox; the row is the proof (and the test's inbox). */
  const codeFor = async (codeId: string): Promise<string> =>
    (await t.db.query(`SELECT payload->'data'->>'code' AS code FROM outbox_message WHERE idempotency_key = $1`, [`otp:${codeId}`]))[0]
      ?.code;
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) FROM ${table}`))[0].count);

  it('signs up: code by SMS → password → login (by CIN or phone) → refresh → logout', async () => {
    const id = identity();
    const started = await t.http.post('/api/v1/auth/signup').send(id).expect(202);
    const [sms] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`otp:${started.body.signupId}`]);
    expect(sms.payload).toMatchObject({ template: 'otp', recipient: { phone: `+212${id.phone.slice(1)}`, language: 'ar' } });
    const code = await codeFor(started.body.signupId);
    const tokens = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: started.body.signupId, code, password: 'un-mot-de-passe-long' })
      .expect(201);
    const me = await t.http.get('/api/v1/me').set(bearer(tokens.body.accessToken)).expect(200);
    expect(me.body.profile).toMatchObject({
      cin: id.cin.toUpperCase(),
      phone: `+212${id.phone.slice(1)}`,
      status: 'active',
      preferredLanguage: 'ar',
    });
    for (const login of [id.cin, id.phone])
      await t.http.post('/api/v1/auth/login').send({ login, password: 'un-mot-de-passe-long' }).expect(200);
    const next = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.body.refreshToken }).expect(200);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: next.body.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);
    // The code cannot be used twice.
    const again = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: started.body.signupId, code, password: 'un-mot-de-passe-long' })
      .expect(400);
    expect(again.body.errors[0]).toMatchObject({ field: 'code', reason: 'used' });
  });

  it('refuses an expired code, and stops after five wrong ones', async () => {
    const a = await t.http.post('/api/v1/auth/signup').send(identity()).expect(202);
    await t.db.query(`UPDATE one_time_code SET expires_at = now() - interval '1 second' WHERE id = $1`, [a.body.signupId]);
    const expired = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: a.body.signupId, code: await codeFor(a.body.signupId), password: 'un-mot-de-passe-long' })
      .expect(410);
    expect(expired.body.errors[0]).toMatchObject({ field: 'code', reason: 'expired' });

    const b = await t.http.post('/api/v1/auth/signup').send(identity()).expect(202);
    const right = await codeFor(b.body.signupId);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      await t.http
        .post('/api/v1/auth/signup/verify')
        .send({ signupId: b.body.signupId, code: wrong, password: 'un-mot-de-passe-long' })
        .expect(400);
    const blocked = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: b.body.signupId, code: right, password: 'un-mot-de-passe-long' })
      .expect(429);
    expect(blocked.body.errors[0].reason).toBe('tooManyAttempts');
  });

  it.each([
    ['cin', { cin: '12AB' }, 400],
    ['phone', { phone: '+33612345678' }, 400],
    ['birthDate', { birthDate: '2099-01-01' }, 400],
    ['neighbourhoodId', { neighbourhoodId: '00000000-0000-4000-8000-000000000000' }, 400],
    ['isAdmin', { isAdmin: true }, 400],
    ['firstName', { firstName: 'x'.repeat(500) }, 400],
  ])('refuses a bad %s with a problem naming it, and writes nothing', async (field, over, status) => {
    const [citizens, codes] = [await count('citizen'), await count('one_time_code')];
    const res = await t.http.post('/api/v1/auth/signup').send(identity(over)).expect(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect([await count('citizen'), await count('one_time_code')]).toEqual([citizens, codes]);
  });

  it('answers a sign-up with a registered CIN as any other, sending no code; the counter gets 409 naming cin', async () => {
    const res = await t.http
      .post('/api/v1/auth/signup')
      .send(identity({ cin: 'bk123456' }))
      .expect(202);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'signupId']);
    expect(await codeFor(res.body.signupId)).toBeUndefined();
    const staff = await t.http
      .post('/api/v1/citizens')
      .set(bearer(await t.token('reception')))
      .send(identity({ cin: 'BK123456' }))
      .expect(409);
    expect(staff.body.errors[0]).toMatchObject({ field: 'cin', reason: 'unique' });
  });

  it("creates a walk-in's account at reception, which the citizen claims later by SMS code", async () => {
    const reception = await t.token('reception');
    const id = identity({ preferredLanguage: 'fr' });
    const created = await t.http.post('/api/v1/citizens').set(bearer(reception)).send(id).expect(201);
    expect(created.body).toMatchObject({ status: 'unclaimed', cin: id.cin.toUpperCase() });
    const [{ id: receptionId }] = await t.db.query(`SELECT id FROM staff WHERE username = 'reception'`);
    expect(created.body.assistedBy).toBe(receptionId);
    // No password yet: no login.
    await t.http.post('/api/v1/auth/login').send({ login: id.cin, password: 'anything-at-all' }).expect(401);

    // A wrong phone gets the same answer, but no code is sent.
    const wrongPhone = await t.http.post('/api/v1/citizens/claim').send({ cin: id.cin, phone: newPhone() }).expect(202);
    expect(await codeFor(wrongPhone.body.claimId)).toBeUndefined();
    const claim = await t.http.post('/api/v1/citizens/claim').send({ cin: id.cin, phone: id.phone }).expect(202);
    const tokens = await t.http
      .post('/api/v1/citizens/claim/verify')
      .send({ claimId: claim.body.claimId, code: await codeFor(claim.body.claimId), password: 'mon-nouveau-mot-de-passe' })
      .expect(201);
    const me = await t.http.get('/api/v1/me').set(bearer(tokens.body.accessToken)).expect(200);
    expect(me.body.profile.status).toBe('active');
  });

  it('keeps every profile change (who, when, old → new) and logs each staff read', async () => {
    const started = await t.http.post('/api/v1/auth/signup').send(identity()).expect(202);
    const tokens = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: started.body.signupId, code: await codeFor(started.body.signupId), password: 'un-mot-de-passe-long' })
      .expect(201);
    const token = tokens.body.accessToken;
    await t.http.patch('/api/v1/me').set(bearer(token)).send({ preferredChannel: 'both', email: 'nadia@example.ma' }).expect(200);
    // Identity is not self-editable.
    await t.http.patch('/api/v1/me').set(bearer(token)).send({ cin: 'ZZ1' }).expect(400);
    const me = await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    const agent = await t.token('agent1');
    await t.http.patch(`/api/v1/citizens/${me.body.id}`).set(bearer(agent)).send({ residenceTo: '2026-11-01' }).expect(200);
    const history = await t.http.get('/api/v1/me/history').set(bearer(token)).expect(200);
    expect(history.body.nextCursor).toBeNull();
    const changes = history.body.items.map((h: { field: string; oldValue: string | null; newValue: string | null; actorRole: string }) => [
      h.field,
      h.oldValue,
      h.newValue,
      h.actorRole,
    ]);
    expect(changes.sort()).toEqual([
      ['created', null, 'self', 'citizen'],
      ['email', null, 'nadia@example.ma', 'citizen'],
      ['preferredChannel', 'sms', 'both', 'citizen'],
      ['residenceTo', null, '2026-11-01', 'agent'],
    ]);
    await t.http.get(`/api/v1/citizens/${me.body.id}`).set(bearer(agent)).set('X-Access-Reason', 'certificat de résidence').expect(200);
    const [log] = await t.db.query(`SELECT action, reason FROM citizen_access_log WHERE citizen_id = $1`, [me.body.id]);
    expect(log).toEqual({ action: 'citizen', reason: 'certificat de résidence' });
    await expect(t.db.query(`UPDATE citizen_access_log SET reason = 'x' WHERE citizen_id = $1`, [me.body.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM citizen_change WHERE citizen_id = $1`, [me.body.id])).rejects.toThrow(/append-only/);
  });

  it('finds citizens by CIN, phone or name (Latin or Arabic), within the annex', async () => {
    const reception = await t.token('reception');
    const id = identity({ firstName: 'Zakaria', firstNameAr: 'زكرياء' });
    await t.http.post('/api/v1/citizens').set(bearer(reception)).send(id).expect(201);
    for (const q of [id.cin.toUpperCase(), id.phone, 'zakaria', 'زكرياء']) {
      const res = await t.http.get('/api/v1/citizens').query({ q }).set(bearer(reception)).expect(200);
      expect(res.body.items.map((c: { cin: string }) => c.cin)).toContain(id.cin.toUpperCase());
    }
  });

  it('signs a citizen in at the kiosk with an SMS code: a short session on the kiosk channel', async () => {
    const kiosk = await t.token('kiosk');
    const started = await t.http.post('/api/v1/auth/kiosk/start').set(bearer(kiosk)).send({ cin: 'BK123456' }).expect(202);
    expect(started.body.maskedPhone).toBeNull();
    const res = await t.http
      .post('/api/v1/auth/kiosk/verify')
      .set(bearer(kiosk))
      .send({ sessionId: started.body.sessionId, code: await codeFor(started.body.sessionId) })
      .expect(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(300);
    const me = await t.http.get('/api/v1/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ role: 'citizen', channel: 'kiosk' });
    await t.http
      .post('/api/v1/auth/kiosk/start')
      .set(bearer(await t.token('agent1')))
      .send({ cin: 'BK123456' })
      .expect(403);
  });

  describe('who may do what', () => {
    const roles = ['citizen', 'reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'] as const;
    const logins: Record<string, string> = {
      citizen: 'BK123456',
      reception: 'reception',
      agent: 'agent1',
      supervisor: 'supervisor',
      admin: 'admin',
      kiosk: 'kiosk',
      display: 'display',
    };
    let citizenId: string;
    beforeAll(async () => {
      [{ id: citizenId }] = await t.db.query(`SELECT id FROM citizen WHERE cin = 'BK123456'`);
    });
    const matrix: [string, string, (typeof roles)[number][]][] = [
      ['GET', '/api/v1/citizens?q=BK123456', ['reception', 'agent', 'supervisor']],
      ['GET', '/api/v1/me/access-log', ['citizen']],
      ['GET', '/api/v1/audit/access', ['supervisor', 'admin']],
      ['GET', '/api/v1/audit/access/alerts', ['supervisor', 'admin']],
      ['GET', '/api/v1/citizens/:citizen', ['reception', 'agent', 'supervisor', 'admin']],
      ['GET', '/api/v1/staff', ['admin']],
      ['GET', '/api/v1/counters', ['reception', 'agent', 'supervisor', 'admin']],
      ['GET', '/api/v1/me/history', ['citizen']],
      ['GET', '/api/v1/me', ['citizen', 'reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display']],
    ];
    it.each(matrix)('%s %s', async (method, path, allowed) => {
      const url = path.replace(':citizen', citizenId);
      await t.http[method.toLowerCase() as 'get'](url).expect(401);
      for (const role of roles) {
        const res = await t.http[method.toLowerCase() as 'get'](url).set(bearer(await t.token(logins[role], DEMO_PASSWORD)));
        expect([role, res.status]).toEqual([role, allowed.includes(role) ? 200 : 403]);
      }
    });

    it("a citizen never reaches another citizen's record", async () => {
      const other = await t.http
        .post('/api/v1/citizens')
        .set(bearer(await t.token('reception')))
        .send(identity())
        .expect(201);
      const token = await t.token('BK123456');
      await t.http.get(`/api/v1/citizens/${other.body.id}`).set(bearer(token)).expect(403);
      await t.http.patch(`/api/v1/citizens/${other.body.id}`).set(bearer(token)).send({ addressLine: 'x' }).expect(403);
    });

    it('public reference data needs no account', async () => {
      const res = await t.http.get('/api/v1/neighbourhoods').expect(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(8);
      const first = await t.http.get('/api/v1/neighbourhoods?limit=3').expect(200);
      const rest = await t.http.get(`/api/v1/neighbourhoods?limit=100&cursor=${first.body.nextCursor}`).expect(200);
      const all = await t.http.get('/api/v1/neighbourhoods?limit=100').expect(200);
      expect(first.body.items).toHaveLength(3);
      expect([...first.body.items, ...rest.body.items]).toEqual(all.body.items);
      expect(rest.body.nextCursor).toBeNull();
    });
  });
});
