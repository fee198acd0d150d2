import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, move, outboxFor, RESIDENCE_FORM, submit } from './helpers';

describe('request rules: roles, states, versions, races, isolation, the event log', () => {
  let t: TestApp;
  let agent1: string;
  let agent2: string;
  let reception: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent1 = await t.token('agent1', undefined, 1);
    agent2 = await t.token('agent2', undefined, 4);
    reception = await t.token('reception');
    admin = await t.token('admin');
  });
  afterAll(async () => t.close());

  const fresh = async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    return { c, id: r.body.id as string };
  };

  it('answers 403 to a role the state machine never allows, and 409 naming the state to a wrong transition', async () => {
    const { c, id } = await fresh();
    const approveByCitizen = await move(t, c.web, id, 'approved').expect(403);
    expect(approveByCitizen.body.type).toContain('forbidden');
    await move(t, reception, id, 'approved').expect(403);
    await move(t, admin, id, 'in_review').expect(403);
    await move(t, await t.token('kiosk'), id, 'cancelled').expect(403);

    const skip = await move(t, agent1, id, 'approved').expect(409);
    expect(skip.body).toMatchObject({ type: expect.stringContaining('transition-not-allowed'), currentState: 'submitted', to: 'approved' });
    expect(skip.body.detail).toContain('submitted');
    await move(t, agent1, id, 'delivered').expect(409);

    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent1)).expect(200);
    const lateCancel = await move(t, c.web, id, 'cancelled').expect(409);
    expect(lateCancel.body.currentState).toBe('in_review');
    const bad = await t.http
      .post(`/api/v1/requests/${id}/transitions`)
      .set(bearer(agent1))
      .send({ to: 'archived', version: 2 })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('to');
  });

  it('refuses a stale version with version-conflict carrying the current version and state', async () => {
    const { id } = await fresh();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent1)).expect(200);
    const stale = await move(t, agent1, id, 'approved', { version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ type: expect.stringContaining('version-conflict'), currentVersion: 2, currentState: 'in_review' });
    const [row] = await t.db.query(`SELECT state, version FROM service_request WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'in_review', version: 2 });
  });

  it('lets exactly one of two agents claiming at once win; the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await fresh();
      const results = await Promise.all([agent1, agent2].map((tok) => t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(tok))));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      const [row] = await t.db.query(`SELECT assignee_id, state, version FROM service_request WHERE id = $1`, [id]);
      expect(row).toEqual({ assignee_id: winner.body.assigneeId, state: 'in_review', version: 2 });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = $1 AND to_state = 'in_review'`, [
        id,
      ]);
      expect(n).toBe(1);
    }
  });

  it('claims an unassigned request in review without changing its state; refuses one already taken', async () => {
    const { id } = await fresh();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent1)).expect(200);
    await t.db.query(`UPDATE service_request SET assignee_id = NULL WHERE id = $1`, [id]);
    const taken = await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent2)).expect(200);
    expect(taken.body).toMatchObject({ state: 'in_review', counter: 4 });
    const again = await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent1)).expect(409);
    expect(again.body).toMatchObject({ type: expect.stringContaining('already-claimed'), currentState: 'in_review' });
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(reception)).expect(403);
  });

  it("hides a citizen's request from another citizen (404 everywhere), and from staff of another annex", async () => {
    const { id } = await fresh();
    const other = await citizenWithTokens(t);
    for (const path of [`/api/v1/requests/${id}`, `/api/v1/requests/${id}/events`, `/api/v1/requests/${id}/attachments`]) {
      await t.http.get(path).set(bearer(other.web)).expect(404);
    }
    await move(t, other.web, id, 'cancelled').expect(404);
    const list = await t.http.get('/api/v1/requests').set(bearer(other.web)).expect(200);
    expect(list.body.items).toEqual([]);
    await t.http.get(`/api/v1/requests/${id}`).expect(401);

    const [annex] = await t.db.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('BRK9', 'الملحقة 9', 'Annexe 9', 'Berkane', 'Berkane') RETURNING id`,
    );
    await t.db.query(`UPDATE staff SET annex_id = $1 WHERE username = 'agent2'`, [annex.id]);
    try {
      const outsider = await t.http
        .post('/api/v1/auth/login')
        .send({ login: 'agent2', password: process.env.DEMO_PASSWORD || 'Annexe2026!' })
        .expect(200);
      await t.http.get(`/api/v1/requests/${id}`).set(bearer(outsider.body.accessToken)).expect(404);
      await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(outsider.body.accessToken)).expect(404);
    } finally {
      await t.db.query(`UPDATE staff SET annex_id = (SELECT id FROM annex WHERE code = 'BRK5') WHERE username = 'agent2'`);
    }
  });

  it('keeps the event log append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { id } = await fresh();
    const [event] = await t.db.query(`SELECT id FROM request_event WHERE request_id = $1`, [id]);
    await expect(t.db.query(`UPDATE request_event SET reason = 'rewritten' WHERE id = $1`, [event.id])).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(t.db.query(`DELETE FROM request_event WHERE id = $1`, [event.id])).rejects.toThrow(/append-only: DELETE/);
    await expect(t.db.query(`TRUNCATE request_event CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(t.db.query(`DELETE FROM service_request WHERE id = $1`, [id])).rejects.toThrow();
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = $1 AND reason IS NULL`, [id]);
    expect(n).toBe(1);
  });

  it('writes outbox rows with a change, and none when the change fails', async () => {
    const { c, id } = await fresh();
    const before = await outboxFor(t, id);
    expect(before.map((o) => o.topic).sort()).toEqual(['event', 'notify', 'sla.sync']);
    await move(t, c.web, id, 'approved').expect(403);
    await move(t, await t.token('agent1'), id, 'approved').expect(409);
    await move(t, await t.token('agent1'), id, 'in_review', { version: 7 }).expect(409);
    expect(await outboxFor(t, id)).toHaveLength(3);

    // A hook failing inside the transaction rolls back the state change and its messages.
    const { RequestLifecycle } = await import('@app/requests');
    t.app.get(RequestLifecycle).onTransition('test: a failing hook' as never, async (_m, request, _from, to) => {
      if (request.id === id && to === 'in_review') throw new Error('hook refused');
    });
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent1)).expect(500);
    const [row] = await t.db.query(`SELECT state, version, assignee_id FROM service_request WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'submitted', version: 1, assignee_id: null });
    expect(await outboxFor(t, id)).toHaveLength(3);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('runs registered hooks inside the transaction with the request, from, to and actor', async () => {
    const { RequestLifecycle } = await import('@app/requests');
    const seen: string[] = [];
    t.app.get(RequestLifecycle).onTransition('test: an observing hook' as never, async (m, request, from, to, actor) => {
      const [{ state }] = await m.query(`SELECT state FROM service_request WHERE id = $1`, [request.id]);
      seen.push(`${request.trackingCode}:${from}->${to}:${actor.role}:${state}`);
    });
    const { id } = await fresh();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent2)).expect(200);
    const [{ tracking_code }] = await t.db.query(`SELECT tracking_code FROM service_request WHERE id = $1`, [id]);
    expect(seen.filter((s) => s.startsWith(tracking_code))).toEqual([
      `${tracking_code}:null->submitted:citizen:submitted`,
      `${tracking_code}:submitted->in_review:agent:in_review`,
    ]);
  });
});
