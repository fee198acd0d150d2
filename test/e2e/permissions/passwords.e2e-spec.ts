import { bearer, createTestApp, TestApp } from '../../support/app';

/** Issue 18: `1234567890` was accepted as an admin password. Common and guessable ones are refused, naming the field. */
describe('Password rule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('refuses common, breached and guessable passwords for staff, and accepts a strong one', async () => {
    const admin = await t.token('admin');
    const create = (username: string, password: string) =>
      t.http.post('/api/v1/staff').set(bearer(admin)).send({ username, fullName: 'Nouvel Admin', role: 'admin', password });
    for (const weak of ['1234567890', 'azertyuiop', 'Password2026!', 'Maroc2026!!', 'aaaaaaaaaaaa', 'abcdefghijk']) {
      const res = await create(`weak${Date.now()}`, weak).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('password');
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM staff WHERE username LIKE 'weak%'`))[0].n).toBe(0);
    const ok = await create(`strong${Date.now()}`, 'Wx7!kP2qLz-berkane').expect(201);
    await t.http.patch(`/api/v1/staff/${ok.body.id}`).set(bearer(admin)).send({ password: '0123456789' }).expect(400);
  });
});
