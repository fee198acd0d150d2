import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCin, newCitizen, newPhone } from '../../support/factories';

/** Codes by SMS are limited per phone and per CIN (5 per 15 minutes by default), on every route that sends one. */
describe('one-time codes: per phone and per CIN limits, no existence leaks', () => {
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
    cin: newCin(),
    phone: newPhone(),
    firstName: 'Nadia',
    lastName: 'Tahiri',
    firstNameAr: 'نادية',
    lastNameAr: 'الطاهري',
    birthDate: '1992-03-04',
    sex: 'F',
    neighbourhoodId,
    preferredLanguage: 'ar',
    preferredChannel: 'sms',
    ...over,
  });
  const smsTo = async (phone: string) =>
    Number(
      (await t.db.query(`SELECT count(*) FROM outbox_message WHERE topic = 'notify' AND payload->'recipient'->>'phone' = $1`, [phone]))[0]
        .count,
    );
  const expect429 = (res: { status: number; headers: Record<string, string>; body: any }, field: string) => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(res.body.errors[0]).toMatchObject({ field, reason: 'tooManyCodes' });
  };

  it('sends at most 5 codes for 6 simultaneous sign-ups with one CIN and phone; the 6th gets 429 with Retry-After', async () => {
    const id = identity();
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.http.post('/api/v1/auth/signup').send(id)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 202, 202, 202, 202, 429]);
    expect429(
      answers.find((r) => r.status === 429)!,
      expect.stringMatching(/^(cin|phone)$/) as unknown as string,
    );
    expect(await smsTo(id.phone)).toBe(5);
  });

  it('limits one phone across CINs, and one CIN across phones', async () => {
    const phone = newPhone();
    for (let i = 0; i < 5; i++) await t.http.post('/api/v1/auth/signup').send(identity({ phone })).expect(202);
    expect429(await t.http.post('/api/v1/auth/signup').send(identity({ phone })), 'phone');
    // The claim route counts against the same phone.
    expect429(await t.http.post('/api/v1/citizens/claim').send({ cin: newCin(), phone }), 'phone');
    const cin = newCin();
    for (let i = 0; i < 5; i++) await t.http.post('/api/v1/citizens/claim').send({ cin, phone: newPhone() }).expect(202);
    expect429(await t.http.post('/api/v1/citizens/claim').send({ cin, phone: newPhone() }), 'cin');
    expect429(await t.http.post('/api/v1/auth/signup').send(identity({ cin })), 'cin');
  });

  it('kiosk: the same answer for a known and an unknown CIN, and the same limit', async () => {
    const kiosk = await t.token('kiosk');
    const known = await newCitizen(t.db);
    const unknown = newCin();
    const a = await t.http.post('/api/v1/auth/kiosk/start').set(bearer(kiosk)).send({ cin: known.cin }).expect(202);
    const b = await t.http.post('/api/v1/auth/kiosk/start').set(bearer(kiosk)).send({ cin: unknown }).expect(202);
    const shape = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? null : typeof v]));
    expect(shape(a.body)).toEqual(shape(b.body));
    expect(a.body.maskedPhone).toBeNull();
    expect(await smsTo(known.phone)).toBe(1);
    for (const cin of [known.cin, unknown]) {
      for (let i = 0; i < 4; i++) await t.http.post('/api/v1/auth/kiosk/start').set(bearer(kiosk)).send({ cin }).expect(202);
      expect429(await t.http.post('/api/v1/auth/kiosk/start').set(bearer(kiosk)).send({ cin }), 'cin');
    }
    expect(await smsTo(known.phone)).toBe(5);
  });

  it('sign-up: a registered CIN gets the same answer shape as a new one, and its owner no SMS', async () => {
    const owner = await newCitizen(t.db);
    const fresh = await t.http.post('/api/v1/auth/signup').send(identity()).expect(202);
    const taken = await t.http
      .post('/api/v1/auth/signup')
      .send(identity({ cin: owner.cin }))
      .expect(202);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body.signupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await smsTo(owner.phone)).toBe(0);
    // Its id leads nowhere.
    const verify = await t.http
      .post('/api/v1/auth/signup/verify')
      .send({ signupId: taken.body.signupId, code: '123456', password: 'un-mot-de-passe-long' });
    expect(verify.status).toBe(400);
  });
});
