import { randomUUID } from 'node:crypto';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from './helpers';

describe('submitting a request', () => {
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1');
  });
  afterAll(async () => t.close());

  const countFor = async (citizenId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM service_request WHERE citizen_id = $1`, [citizenId]))[0].n as number;

  it('is idempotent: the same key and body return the same request (200), never a second one', async () => {
    const c = await citizenWithTokens(t);
    const key = randomUUID();
    const body = { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM };
    const first = await submit(t, c.web, body, key).expect(201);
    // The same body with its keys in another order is still the same submission.
    const again = await submit(
      t,
      c.web,
      { form: { residenceSince: '2015-09-01', addressLine: RESIDENCE_FORM.addressLine, purpose: 'bank' }, procedureCode: 'RESIDENCE' },
      key,
    ).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.trackingCode).toBe(first.body.trackingCode);
    expect(await countFor(c.id)).toBe(1);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_message WHERE payload->>'requestId' = $1 AND topic = 'notify'`,
      [first.body.id],
    );
    expect(n).toBe(1);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const c = await citizenWithTokens(t);
    const key = randomUUID();
    await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }, key).expect(201);
    const res = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: { ...RESIDENCE_FORM, purpose: 'school' } }, key).expect(422);
    expect(res.body).toMatchObject({
      type: expect.stringContaining('idempotency-key-reused'),
      errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
    expect(await countFor(c.id)).toBe(1);
  });

  it('creates exactly one request from a double tap (two concurrent submissions with one key)', async () => {
    const c = await citizenWithTokens(t);
    const key = randomUUID();
    const body = { procedureCode: 'CELIBACY', form: { purpose: 'employment' } };
    const [a, b] = await Promise.all([submit(t, c.kiosk, body, key), submit(t, c.kiosk, body, key)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await countFor(c.id)).toBe(1);
  });

  it('keeps keys per caller: two citizens may use the same key', async () => {
    const [a, b] = [await citizenWithTokens(t), await citizenWithTokens(t)];
    const key = 'shared-key-000001';
    const ra = await submit(t, a.web, { procedureCode: 'CELIBACY', form: { purpose: 'bank' } }, key).expect(201);
    const rb = await submit(t, b.web, { procedureCode: 'CELIBACY', form: { purpose: 'bank' } }, key).expect(201);
    expect(ra.body.id).not.toBe(rb.body.id);
  });

  it('requires the Idempotency-Key on web, kiosk and counter', async () => {
    const c = await citizenWithTokens(t);
    const res = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }, null).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', reason: 'required' });
    await submit(t, agent, { procedureCode: 'RESIDENCE', citizenId: c.id, form: RESIDENCE_FORM }, null).expect(400);
    await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }, 'bad key!').expect(400);
    expect(await countFor(c.id)).toBe(0);
  });

  it('validates the form against the procedure version, naming form.<key>', async () => {
    const c = await citizenWithTokens(t);
    const res = await submit(t, c.web, {
      procedureCode: 'RESIDENCE',
      form: { purpose: 'holiday', residenceSince: '2015-02-30', extra: 1 },
    }).expect(400);
    const fields = res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`).sort();
    expect(fields).toEqual(['form.addressLine:required', 'form.extra:unknown', 'form.purpose:isIn', 'form.residenceSince:type']);
    // "Résident depuis" tomorrow: refused, naming the field.
    const future = await submit(t, c.web, {
      procedureCode: 'RESIDENCE',
      form: { ...RESIDENCE_FORM, residenceSince: `${new Date().getUTCFullYear() + 1}-01-01` },
    }).expect(400);
    expect(future.body.errors).toEqual([
      expect.objectContaining({ field: 'form.residenceSince', reason: 'type', message: expect.stringContaining('future') }),
    ]);
    const num = await submit(t, c.web, {
      procedureCode: 'INCOME',
      form: { purpose: 'health', householdSize: 'four', monthlyIncomeMad: 1500 },
    }).expect(400);
    expect(num.body.errors).toEqual([expect.objectContaining({ field: 'form.householdSize', reason: 'type' })]);
    const shape = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: 'x', isUrgent: true }).expect(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['form', 'isUrgent']);
    expect(await countFor(c.id)).toBe(0);
  });

  it('refuses an unknown procedure, a channel the procedure does not allow, and a citizen filing for someone else', async () => {
    const c = await citizenWithTokens(t);
    const other = await citizenWithTokens(t);
    const unknown = await submit(t, c.web, { procedureCode: 'NOPE', form: {} }).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'procedureCode', reason: 'unknown' });
    const firearm = await submit(t, c.web, { procedureCode: 'FIREARM', form: { weaponType: 'rifle', huntingPermitNumber: 'X1' } }).expect(
      400,
    );
    expect(firearm.body.errors[0]).toMatchObject({ field: 'procedureCode', reason: 'channelNotAllowed' });
    await submit(t, agent, { procedureCode: 'FIREARM', citizenId: c.id, form: { weaponType: 'rifle', huntingPermitNumber: 'X1' } }).expect(
      201,
    );
    const forOther = await submit(t, c.web, { procedureCode: 'CELIBACY', citizenId: other.id, form: { purpose: 'bank' } }).expect(400);
    expect(forOther.body.errors[0]).toMatchObject({ field: 'citizenId', reason: 'notAllowed' });
    const noCitizen = await submit(t, agent, { procedureCode: 'CELIBACY', form: { purpose: 'bank' } }).expect(400);
    expect(noCitizen.body.errors[0]).toMatchObject({ field: 'citizenId', reason: 'required' });
    const ghost = await submit(t, agent, { procedureCode: 'CELIBACY', citizenId: randomUUID(), form: { purpose: 'bank' } }).expect(400);
    expect(ghost.body.errors[0]).toMatchObject({ field: 'citizenId', reason: 'unknown' });
  });

  it('lets only citizens, kiosks, reception, agents and partners submit', async () => {
    const c = await citizenWithTokens(t);
    for (const login of ['supervisor', 'admin', 'display']) {
      await submit(t, await t.token(login), { procedureCode: 'CELIBACY', citizenId: c.id, form: { purpose: 'bank' } }).expect(403);
    }
    await t.http
      .post('/api/v1/requests')
      .send({ procedureCode: 'CELIBACY', form: { purpose: 'bank' } })
      .expect(401);
  });

  it('numbers tracking codes per annex and year without gaps or duplicates under concurrency', async () => {
    const c = await citizenWithTokens(t);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => submit(t, c.web, { procedureCode: 'CELIBACY', form: { purpose: 'school' } }).expect(201)),
    );
    const numbers = results.map((r) => Number(r.body.trackingCode.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers[5] - numbers[0]).toBe(5);
    const year = new Date().getUTCFullYear();
    expect(results[0].body.trackingCode).toMatch(new RegExp(`^BRK5-(${year}|${year + 1})-\\d{6}$`));
  });

  it('sets the SLA due time in working hours from the procedure', async () => {
    const c = await citizenWithTokens(t);
    const res = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const due = new Date(res.body.slaDueAt).getTime();
    // 24 working hours = three 8-hour days: never sooner than 24 h, and within two weeks even across week-ends and holidays.
    expect(due - new Date(res.body.submittedAt).getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(due - new Date(res.body.submittedAt).getTime()).toBeLessThan(14 * 24 * 3600_000);
    const events = await t.http.get(`/api/v1/requests/${res.body.id}/events`).set(bearer(c.web)).expect(200);
    expect(events.body.items).toEqual([expect.objectContaining({ type: 'request.submitted', toState: 'submitted', channel: 'web' })]);
  });
});
