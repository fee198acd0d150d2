import { randomUUID } from 'node:crypto';
import { AccessLog, Principal } from '@app/core';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 5)]);
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(300, 0x20),
  Buffer.from('%%EOF\n'),
]);

describe('access events (law 09-08): every staff read of personal data is recorded and shown to the citizen', () => {
  let t: TestApp;
  let agent: string;
  let supervisor: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 3);
    supervisor = await t.token('supervisor');
  });
  afterAll(async () => t.close());

  const rows = (citizenId: string) =>
    t.db.query(
      `SELECT action, role, counter, object_id, request_id, reason, annex_id FROM citizen_access_log WHERE citizen_id = $1 ORDER BY id`,
      [citizenId],
    );

  it('refuses to list the register without a search term of 3+ characters, naming q', async () => {
    for (const query of [{}, { q: 'B' }, { q: 'BK' }]) {
      const res = await t.http.get('/api/v1/citizens').query(query).set(bearer(agent)).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('q');
    }
    const spaces = await t.http.get('/api/v1/citizens').query({ q: '   ' }).set(bearer(agent)).expect(400);
    expect(spaces.body.errors[0].field).toBe('q');
  });

  it('a search writes one row per citizen returned, with the typed reason; a profile read one row', async () => {
    const c = await newCitizen(t.db);
    const other = await newCitizen(t.db);
    expect(await rows(c.id)).toHaveLength(0);
    const found = await t.http.get('/api/v1/citizens').query({ q: c.cin, reason: 'dépôt assisté' }).set(bearer(agent)).expect(200);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(await rows(c.id)).toEqual([
      expect.objectContaining({ action: 'search', role: 'agent', counter: 3, reason: 'dépôt assisté', request_id: null }),
    ]);
    expect(await rows(other.id)).toHaveLength(0);
    await t.http.get(`/api/v1/citizens/${c.id}`).query({ reason: 'تحقق من العنوان' }).set(bearer(agent)).expect(200);
    expect(await rows(c.id)).toHaveLength(2);
    expect((await rows(c.id))[1]).toMatchObject({ action: 'citizen', object_id: c.id, reason: 'تحقق من العنوان' });
    // A search that finds nobody records nothing; a wrong id is a 404 and records nothing.
    await t.http.get('/api/v1/citizens').query({ q: 'ZZ99999999' }).set(bearer(agent)).expect(200);
    await t.http.get(`/api/v1/citizens/${randomUUID()}`).set(bearer(agent)).expect(404);
    expect(await rows(c.id)).toHaveLength(2);
  });

  it('request page, queue search, attachment download, certificate PDF and grievance reads are recorded with the request as purpose', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const id = r.body.id as string;
    const up = await t.http
      .post(`/api/v1/requests/${id}/attachments`)
      .set(bearer(c.web))
      .attach('file', PDF, { filename: 'f.pdf', contentType: 'application/pdf' })
      .expect(201);
    // The citizen's own reads are not staff reads.
    await t.http.get(`/api/v1/requests/${id}`).set(bearer(c.web)).expect(200);
    await t.http.get(`/api/v1/requests/${id}/attachments/${up.body.id}`).set(bearer(c.web)).expect(200);
    expect(await rows(c.id)).toHaveLength(0);

    await t.http.get(`/api/v1/requests/${id}`).set(bearer(agent)).expect(200);
    expect(await rows(c.id)).toEqual([expect.objectContaining({ action: 'request', object_id: id, request_id: id })]);
    await t.http.get(`/api/v1/requests/${id}/attachments/${up.body.id}`).set(bearer(agent)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'attachment', object_id: up.body.id, request_id: id });
    // The plain queue is the work itself; searching it by CIN finds a person.
    await t.http.get('/api/v1/requests').set(bearer(agent)).expect(200);
    expect(await rows(c.id)).toHaveLength(2);
    await t.http.get('/api/v1/requests').query({ q: c.cin, state: 'submitted' }).set(bearer(agent)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'search', reason: 'queue search' });

    const [{ annex_id }] = await t.db.query(`SELECT annex_id FROM service_request WHERE id = $1`, [id]);
    const [cert] = await t.db.query(
      `INSERT INTO certificate (number, annex_id, request_id, procedure_code, status, claims, signature, key_id, valid_until, pdf, pdf_sha256, issued_at)
       VALUES ($1, $2, $3, 'RESIDENCE', 'issued', '{}', 'x', 'k', current_date + 90, $4, repeat('a', 64), now()) RETURNING id`,
      [`TST-${Date.now()}`, annex_id, id, PDF],
    );
    await t.http.get(`/api/v1/requests/${id}/certificate`).set(bearer(c.web)).expect(200);
    expect(await rows(c.id)).toHaveLength(3);
    await t.http.get(`/api/v1/requests/${id}/certificate`).set(bearer(supervisor)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'certificate', role: 'supervisor', object_id: cert.id, request_id: id });

    const g = await t.http
      .post('/api/v1/grievances')
      .set(bearer(c.web))
      .send({ kind: 'grievance', subject: 'Attente', description: 'Une heure d’attente au guichet', publicConsent: false, requestId: id })
      .expect(201);
    await t.http.get(`/api/v1/grievances/${g.body.id}`).set(bearer(c.web)).expect(200);
    expect(await rows(c.id)).toHaveLength(4);
    await t.http.get(`/api/v1/grievances/${g.body.id}`).set(bearer(agent)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'grievance', object_id: g.body.id, request_id: id });
    // The staff list shows the filer's text too: one event per grievance listed (the citizen's own list: none).
    await t.http.get('/api/v1/grievances').set(bearer(c.web)).expect(200);
    expect(await rows(c.id)).toHaveLength(5);
    await t.http.get('/api/v1/grievances').set(bearer(agent)).expect(200);
    expect(await rows(c.id)).toHaveLength(6);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'grievance', object_id: g.body.id });

    // The citizen sees it all, newest first, paged, with role, annex, counter and purpose; no staff name.
    const first = await t.http.get('/api/v1/me/access-log').query({ limit: 3 }).set(bearer(c.web)).expect(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toMatchObject({
      what: 'grievance',
      role: 'agent',
      counter: 3,
      requestTrackingCode: r.body.trackingCode,
      annex: { fr: expect.any(String), ar: expect.any(String) },
    });
    expect(first.body.items[0]).not.toHaveProperty('staffId');
    expect(first.body.items[0]).not.toHaveProperty('staffUsername');
    const second = await t.http
      .get('/api/v1/me/access-log')
      .query({ limit: 3, cursor: first.body.nextCursor })
      .set(bearer(c.web))
      .expect(200);
    expect(first.body.items.map((e: { what: string }) => e.what)).toEqual(['grievance', 'grievance', 'certificate']);
    expect(second.body.items.map((e: { what: string }) => e.what)).toEqual(['search', 'attachment', 'request']);
    expect(second.body.nextCursor).toBeNull();
    // Another citizen's log does not show it; staff cannot call the citizen route.
    const other = await citizenWithTokens(t);
    expect((await t.http.get('/api/v1/me/access-log').set(bearer(other.web)).expect(200)).body.items).toEqual([]);
    await t.http.get('/api/v1/me/access-log').set(bearer(agent)).expect(403);
  });

  it('the timeline, the documents and messages lists, a certificate record by number and a grievance photo are recorded too', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const id = r.body.id as string;
    // The citizen's own reads of the same lists record nothing.
    for (const path of [`/api/v1/requests/${id}/events`, `/api/v1/requests/${id}/attachments`, `/api/v1/requests/${id}/notifications`]) {
      await t.http.get(path).set(bearer(c.web)).expect(200);
    }
    expect(await rows(c.id)).toHaveLength(0);

    await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(agent)).expect(200);
    expect(await rows(c.id)).toEqual([
      expect.objectContaining({ action: 'request', role: 'agent', counter: 3, object_id: id, request_id: id }),
    ]);
    await t.http.get(`/api/v1/requests/${id}/attachments`).set(bearer(agent)).expect(200);
    await t.http.get(`/api/v1/requests/${id}/notifications`).set(bearer(supervisor)).expect(200);
    expect((await rows(c.id)).slice(1)).toEqual([
      expect.objectContaining({ action: 'request', role: 'agent', object_id: id, request_id: id }),
      expect.objectContaining({ action: 'request', role: 'supervisor', object_id: id, request_id: id }),
    ]);
    // A request of another annex, or none: 404 and nothing recorded.
    await t.http.get(`/api/v1/requests/${randomUUID()}/events`).set(bearer(agent)).expect(404);
    expect(await rows(c.id)).toHaveLength(3);

    const [{ annex_id }] = await t.db.query(`SELECT annex_id FROM service_request WHERE id = $1`, [id]);
    const number = `TSN-${Date.now()}`;
    const [cert] = await t.db.query(
      `INSERT INTO certificate (number, annex_id, request_id, procedure_code, status, claims, signature, key_id, valid_until, pdf, pdf_sha256, issued_at)
       VALUES ($1, $2, $3, 'RESIDENCE', 'issued', '{"h":"BK****56","v":"2099-01-01"}', 'x', 'k', current_date + 90, $4, repeat('a', 64), now()) RETURNING id`,
      [number, annex_id, id, PDF],
    );
    await t.http.get(`/api/v1/certificates/${number}`).set(bearer(agent)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'certificate', role: 'agent', object_id: cert.id, request_id: id });
    await t.http.get(`/api/v1/certificates/NOPE-${Date.now()}`).set(bearer(agent)).expect(404);
    expect(await rows(c.id)).toHaveLength(4);

    const g = await t.http
      .post('/api/v1/grievances')
      .set(bearer(c.web))
      .send({ kind: 'grievance', subject: 'Trottoir', description: 'Le trottoir est cassé devant l’annexe', publicConsent: false })
      .expect(201);
    const photo = await t.http
      .post(`/api/v1/grievances/${g.body.id}/photos`)
      .set(bearer(c.web))
      .attach('file', JPEG, 'trottoir.jpg')
      .expect(201);
    await t.http.get(`/api/v1/grievances/${g.body.id}/photos/${photo.body.id}`).set(bearer(c.web)).expect(200);
    expect(await rows(c.id)).toHaveLength(4);
    await t.http.get(`/api/v1/grievances/${g.body.id}/photos/${photo.body.id}`).set(bearer(agent)).expect(200);
    expect((await rows(c.id)).at(-1)).toMatchObject({ action: 'grievance', object_id: g.body.id });

    // The citizen's page shows each of them.
    const log = await t.http.get('/api/v1/me/access-log').set(bearer(c.web)).expect(200);
    expect(log.body.items.map((e: { what: string }) => e.what)).toEqual(['grievance', 'certificate', 'request', 'request', 'request']);
  });

  it('reads made at the same time each get their row (they share INSERTs), each before its answer', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const reception = await t.token('reception');
    let answered = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        await t.http
          .get(`/api/v1/requests/${r.body.id}`)
          .set(bearer(i % 2 ? agent : reception))
          .expect(200);
        // Every read answered so far has its row committed.
        const before = ++answered;
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM citizen_access_log WHERE citizen_id = $1`, [c.id]);
        expect(n).toBeGreaterThanOrEqual(before);
      }),
    );
    const all = await rows(c.id);
    expect(all).toHaveLength(24);
    expect(all.filter((x: { role: string }) => x.role === 'agent')).toHaveLength(12);
    expect(all.filter((x: { role: string; counter: number | null }) => x.role === 'reception' && x.counter === null)).toHaveLength(12);
  });

  it('a row that cannot be written fails its own read only, not the reads that shared its INSERT', async () => {
    const log = t.app.get(AccessLog);
    const [agent1] = await t.db.query(`SELECT id, annex_id FROM staff WHERE username = 'agent1'`);
    const p: Principal = {
      id: agent1.id,
      kind: 'staff',
      role: 'agent',
      annexId: agent1.annex_id,
      counter: 5,
      scopes: [],
      channel: 'counter',
    };
    const good = await Promise.all([newCitizen(t.db), newCitizen(t.db), newCitizen(t.db)]);
    // Four reads keep the four INSERTs busy; the four started meanwhile queue and go in one, which
    // the unknown citizen (a foreign key) breaks.
    const [c0, c1, c2] = good;
    const results = await Promise.allSettled([
      ...[c0, c1, c2].map((c) => log.record(p, [{ citizenId: c.id, what: 'search' }], 'batch')),
      log.record(p, [{ citizenId: c0.id, what: 'grievance' }], 'batch'),
      log.record(p, [{ citizenId: c0.id, what: 'citizen' }], 'batch'),
      log.record(p, [{ citizenId: randomUUID(), what: 'citizen' }], 'batch'),
      log.record(p, [{ citizenId: c1.id, what: 'citizen' }], 'batch'),
      log.record(p, [{ citizenId: c2.id, what: 'citizen' }], 'batch'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const actions = async (id: string) => (await rows(id)).map((r: { action: string }) => r.action).sort();
    expect(await actions(c0.id)).toEqual(['citizen', 'grievance', 'search']);
    expect(await actions(c1.id)).toEqual(['citizen', 'search']);
    expect(await actions(c2.id)).toEqual(['citizen', 'search']);
  });

  it('stays append-only for everyone but the retention job', async () => {
    const c = await newCitizen(t.db);
    await t.http.get(`/api/v1/citizens/${c.id}`).set(bearer(agent)).expect(200);
    await expect(t.db.query(`UPDATE citizen_access_log SET reason = 'x' WHERE citizen_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM citizen_access_log WHERE citizen_id = $1`, [c.id])).rejects.toThrow(/append-only/);
  });
});
