import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

/** The identity rules the apps read are the ones the API and the database enforce. */
describe('GET /api/v1/identity/patterns', () => {
  let t: TestApp;
  let reception: string;
  beforeAll(async () => {
    t = await createTestApp();
    reception = await t.token('reception');
  });
  afterAll(async () => t.close());

  it('publishes the CIN, mobile and phone rules to anyone', async () => {
    const res = await t.http.get('/api/v1/identity/patterns').expect(200);
    const p = { cin: new RegExp(res.body.cin), mobile: new RegExp(res.body.mobile), phone: new RegExp(res.body.phone) };
    expect(p.cin.test('AB123456')).toBe(true);
    expect(p.cin.test('123456')).toBe(false);
    expect(p.mobile.test('+212612345678')).toBe(true);
    expect(p.mobile.test('+212536000000')).toBe(false);
    expect(p.phone.test('+212536000000')).toBe(true);
  });

  it('refuses, naming the field, a ticket phone the mobile rule refuses, and takes one it accepts', async () => {
    const { body } = await t.http.get('/api/v1/identity/patterns').expect(200);
    const mobile = new RegExp(body.mobile);
    for (const phone of ['+212536000000', '+21261234567', '0612345678']) {
      expect(mobile.test(phone)).toBe(false);
      const bad = await t.http.post('/api/v1/tickets').set(bearer(reception)).send({ group: 'A', phone }).expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    }
    expect(mobile.test('+212612345678')).toBe(true);
    await t.http.post('/api/v1/tickets').set(bearer(reception)).send({ group: 'A', phone: '+212612345678' }).expect(201);
  });

  it('is the rule of the citizen table too: the database refuses a phone the mobile rule refuses', async () => {
    const c = await newCitizen(t.db);
    await expect(t.db.query(`UPDATE citizen SET phone = '+212536000000' WHERE id = $1`, [c.id])).rejects.toThrow(/citizen_phone_check/);
    await expect(t.db.query(`UPDATE citizen SET cin = '12345' WHERE id = $1`, [c.id])).rejects.toThrow(/citizen_cin_check/);
  });
});
