import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen, newStaff } from '../../support/factories';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';
import { ALERT_OUTSIDE_REQUESTS } from '../../../libs/accounts/src/privacy/privacy.service';

describe('supervisors audit the reads; citizens download everything held about them', () => {
  let t: TestApp;
  let supervisor: string;
  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.token('supervisor');
  });
  afterAll(async () => t.close());

  it('lists the annex reads of a period for one staff member, as JSON pages and CSV, and flags reading outside requests', async () => {
    const curious = await newStaff(t.db, 'agent');
    const token = await t.token(curious.username, undefined, 2);
    const citizens = [];
    for (let i = 0; i < ALERT_OUTSIDE_REQUESTS; i++) citizens.push(await newCitizen(t.db));
    const before = (await t.http.get('/api/v1/audit/access/alerts').set(bearer(supervisor)).expect(200)).body;
    expect(before.find((a: { staffId: string }) => a.staffId === curious.id)).toBeUndefined();
    for (const c of citizens.slice(0, -1)) await t.http.get(`/api/v1/citizens/${c.id}`).set(bearer(token)).expect(200);
    // One short of the threshold: no alert yet.
    expect(
      (await t.http.get('/api/v1/audit/access/alerts').set(bearer(supervisor)).expect(200)).body.find(
        (a: { staffId: string }) => a.staffId === curious.id,
      ),
    ).toBeUndefined();
    await t.http
      .get(`/api/v1/citizens/${citizens.at(-1)!.id}`)
      .set(bearer(token))
      .expect(200);
    const alerts = (await t.http.get('/api/v1/audit/access/alerts').set(bearer(supervisor)).expect(200)).body;
    expect(alerts.find((a: { staffId: string }) => a.staffId === curious.id)).toMatchObject({
      staffUsername: curious.username,
      role: 'agent',
      citizens: ALERT_OUTSIDE_REQUESTS,
      outsideRequests: ALERT_OUTSIDE_REQUESTS,
      withoutReason: ALERT_OUTSIDE_REQUESTS,
      kinds: ['many-outside-requests'],
    });

    const page = await t.http.get('/api/v1/audit/access').query({ staffId: curious.id, limit: 15 }).set(bearer(supervisor)).expect(200);
    expect(page.body.items).toHaveLength(15);
    expect(page.body.items[0]).toMatchObject({
      staffId: curious.id,
      staffUsername: curious.username,
      what: 'citizen',
      counter: 2,
      citizenId: citizens.at(-1)!.id,
    });
    const rest = await t.http
      .get('/api/v1/audit/access')
      .query({ staffId: curious.id, limit: 15, cursor: page.body.nextCursor })
      .set(bearer(supervisor))
      .expect(200);
    expect(rest.body.items).toHaveLength(ALERT_OUTSIDE_REQUESTS - 15);
    expect(rest.body.nextCursor).toBeNull();
    const csv = await t.http.get('/api/v1/audit/access').query({ staffId: curious.id, format: 'csv' }).set(bearer(supervisor)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,staff_id,staff_username,role,counter,what,citizen_id,object_id,request,reason');
    expect(lines).toHaveLength(ALERT_OUTSIDE_REQUESTS + 1);
    expect(lines.slice(1).every((l) => l.includes(curious.id))).toBe(true);
    // A period before any of it is empty; a reversed period is a 400 naming from.
    expect(
      (
        await t.http
          .get('/api/v1/audit/access')
          .query({ staffId: curious.id, from: '2020-01-01', to: '2020-01-31' })
          .set(bearer(supervisor))
          .expect(200)
      ).body.items,
    ).toEqual([]);
    const bad = await t.http
      .get('/api/v1/audit/access')
      .query({ from: '2026-02-01', to: '2026-01-01' })
      .set(bearer(supervisor))
      .expect(400);
    expect(bad.body.errors[0].field).toBe('from');
    await t.http.get('/api/v1/audit/access').set(bearer(token)).expect(403);
  });

  it("exports the citizen's data as JSON and readable HTML, with no secret", async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http
      .get(`/api/v1/requests/${r.body.id}`)
      .set(bearer(await t.token('agent1')))
      .expect(200);
    const json = await t.http.get('/api/v1/me/export').set(bearer(c.web)).expect(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="mes-donnees-\d{4}-\d{2}-\d{2}\.json"/);
    expect(json.body.profile).toMatchObject({ cin: c.cin, phone: c.phone });
    expect(json.body.requests).toEqual([
      expect.objectContaining({ tracking_code: r.body.trackingCode, form: expect.objectContaining({ purpose: 'bank' }) }),
    ]);
    expect(json.body.accessLog).toEqual([expect.objectContaining({ what: 'request', role: 'agent', tracking_code: r.body.trackingCode })]);
    expect(JSON.stringify(json.body)).not.toMatch(/password|hash/i);
    const html = await t.http.get('/api/v1/me/export').query({ format: 'html', lang: 'ar' }).set(bearer(c.web)).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<html lang="ar" dir="rtl">');
    expect(html.text).toContain('من اطلع على ملفي');
    expect(html.text).toContain(r.body.trackingCode);
    await t.http.get('/api/v1/me/export').query({ format: 'pdfx' }).set(bearer(c.web)).expect(400);
    await t.http.get('/api/v1/me/export').set(bearer(supervisor)).expect(403);
  });
});
