import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from './helpers';

describe('agent queue, citizen history and public tracking', () => {
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(async () => t.close());

  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((r) => r.id);

  it('sorts the queue by SLA due time then id, pages with a cursor, and filters', async () => {
    const c = await citizenWithTokens(t);
    const made: string[] = [];
    for (const [code, form] of [
      ['RESIDENCE', RESIDENCE_FORM],
      ['LIFE', { recipientBody: 'cnss' }],
      ['CELIBACY', { purpose: 'bank' }],
    ] as const) {
      made.push((await submit(t, c.kiosk, { procedureCode: code, form }).expect(201)).body.id);
    }
    // Make the order independent of when the test runs.
    await t.db.query(
      `UPDATE service_request SET sla_due_at = now() - interval '1 day' + (id::text < $2::text)::int * interval '1 second' WHERE id = ANY($1)`,
      [made, made[0]],
    );
    await t.db.query(`UPDATE service_request SET sla_due_at = now() + interval '3 days' WHERE id = $1`, [made[2]]);

    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      if (++pages > 3) throw new Error('the cursor does not advance');
      const res: any = await t.http
        .get(`/api/v1/requests?limit=2&q=${c.cin}${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(agent))
        .expect(200);
      all.push(...ids(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(3);
    const rows = await t.db.query(`SELECT id FROM service_request WHERE id = ANY($1) ORDER BY sla_due_at, id`, [made]);
    expect(all).toEqual(rows.map((r: { id: string }) => r.id));

    const overdue = await t.http.get(`/api/v1/requests?overdue=true&q=${c.cin}`).set(bearer(agent)).expect(200);
    expect(ids(overdue).sort()).toEqual([made[0], made[1]].sort());
    const byProcedure = await t.http.get(`/api/v1/requests?procedure=LIFE&q=${c.cin}`).set(bearer(agent)).expect(200);
    expect(ids(byProcedure)).toEqual([made[1]]);
    const byChannel = await t.http.get(`/api/v1/requests?channel=web&q=${c.cin}`).set(bearer(agent)).expect(200);
    expect(ids(byChannel)).toEqual([]);

    await t.http.post(`/api/v1/requests/${made[2]}/claim`).set(bearer(agent)).expect(200);
    const mine = await t.http.get(`/api/v1/requests?assignee=me&state=in_review&q=${c.cin}`).set(bearer(agent)).expect(200);
    expect(ids(mine)).toEqual([made[2]]);
    const submitted = await t.http.get(`/api/v1/requests?state=submitted,needs_info&q=${c.cin}`).set(bearer(agent)).expect(200);
    expect(ids(submitted).sort()).toEqual([made[0], made[1]].sort());

    const code = (await t.http.get(`/api/v1/requests/${made[1]}`).set(bearer(agent)).expect(200)).body.trackingCode;
    const byCode = await t.http.get(`/api/v1/requests?q=${code.toLowerCase()}`).set(bearer(agent)).expect(200);
    expect(ids(byCode)).toEqual([made[1]]);
    const byName = await t.http
      .get(`/api/v1/requests?q=${encodeURIComponent('test citoyen')}&procedure=LIFE&limit=100`)
      .set(bearer(agent))
      .expect(200);
    expect(ids(byName)).toContain(made[1]);

    const bad = await t.http.get('/api/v1/requests?state=lost&overdue=maybe').set(bearer(agent)).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['overdue', 'state']);
    await t.http.get('/api/v1/requests?cursor=!!').set(bearer(agent)).expect(400);
    await t.http
      .get('/api/v1/requests')
      .set(bearer(await t.token('kiosk')))
      .expect(403);
  });

  it("lists rows without the form answers (the queue's and the citizen's); the request's page has them", async () => {
    const c = await citizenWithTokens(t);
    const id = (await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201)).body.id;
    const queue = await t.http.get(`/api/v1/requests?q=${c.cin}`).set(bearer(agent)).expect(200);
    const own = await t.http.get('/api/v1/requests').set(bearer(c.web)).expect(200);
    for (const list of [queue, own]) {
      const row = list.body.items.find((r: { id: string }) => r.id === id);
      // What the lists show stays: code, procedure, state, dates, the caller's moves.
      expect(row).toMatchObject({ id, procedureCode: 'RESIDENCE', state: 'submitted', version: expect.any(Number) });
      expect(row.trackingCode).toMatch(/^BRK5-/);
      expect(row.submittedAt).toEqual(expect.any(String));
      expect(Array.isArray(row.allowedTransitions)).toBe(true);
      expect(row).not.toHaveProperty('form');
    }
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      citizenCin: expect.stringMatching(/\*/),
      claimable: true,
    });
    const page = await t.http.get(`/api/v1/requests/${id}`).set(bearer(agent)).expect(200);
    expect(page.body.form).toEqual(RESIDENCE_FORM);
  });

  it('gives a citizen their own history, newest first, with cursor pagination', async () => {
    const c = await citizenWithTokens(t);
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await submit(t, c.web, { procedureCode: 'CELIBACY', form: { purpose: 'bank' } }).expect(201)).body.id);
    await submit(t, (await citizenWithTokens(t)).web, { procedureCode: 'CELIBACY', form: { purpose: 'bank' } }).expect(201);
    const first = await t.http.get('/api/v1/requests?limit=2').set(bearer(c.web)).expect(200);
    const second = await t.http.get(`/api/v1/requests?limit=2&cursor=${first.body.nextCursor}`).set(bearer(c.web)).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([...ids(first), ...ids(second)]).toEqual([...made].reverse());
  });

  it('tracks publicly with the CIN only, showing nothing personal; a wrong CIN is a 404 like an unknown code', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const code = r.body.trackingCode;
    const ok = await t.http.get(`/api/v1/track/${code}?cin=${c.cin.toLowerCase()}`).expect(200);
    expect(ok.body).toEqual({
      trackingCode: code,
      procedureCode: 'RESIDENCE',
      state: 'submitted',
      updatedAt: expect.any(String),
      nextStep: { ar: expect.any(String), fr: expect.any(String), en: expect.any(String) },
    });
    expect(JSON.stringify(ok.body)).not.toContain(c.cin);
    // A birth date (low entropy, with sequential codes) is no longer a way in, right or wrong.
    const byBirth = await t.http.get(`/api/v1/track/${code}?birthDate=1985-06-15`).expect(400);
    expect([...new Set(byBirth.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['birthDate', 'cin']);
    const wrong = await t.http.get(`/api/v1/track/${code}?cin=ZZ999999`).expect(404);
    const unknown = await t.http.get(`/api/v1/track/BRK5-1999-999999?cin=${c.cin}`).expect(404);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const missing = await t.http.get(`/api/v1/track/${code}`).expect(400);
    expect(missing.body.errors[0].field).toBe('cin');
  });
});
