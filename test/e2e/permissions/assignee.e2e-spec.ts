import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { footprint } from './helpers';

/** Issue 18: only the assignee decides a request they hold; a supervisor takes it over, on the record. */
describe('Assignee-only decisions and takeover', () => {
  let t: TestApp;
  let agent1: string;
  let agent2: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp();
    agent1 = await t.token('agent1', undefined, 1);
    agent2 = await t.token('agent2', undefined, 2);
    supervisor = await t.token('supervisor');
  });
  afterAll(() => t?.close());

  async function heldByAgent1(): Promise<string> {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent1)).expect(200);
    return r.body.id;
  }

  it('answers 409 request/held-by-another naming the holder to a colleague and to a supervisor, and changes nothing', async () => {
    const id = await heldByAgent1();
    const before = await footprint(t.db, id);
    const [{ id: holderId, full_name: holderName }] = await t.db.query(`SELECT id, full_name FROM staff WHERE username = 'agent1'`);
    for (const token of [agent2, supervisor]) {
      for (const [to, reason] of [['approved'], ['rejected', 'non'], ['needs_info', 'pièce manquante']]) {
        const res = await move(t, token, id, to!, { reason }).expect(409);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toMatch(/request\/held-by-another$/);
        expect(res.body.holder).toEqual({ id: holderId, name: holderName });
      }
    }
    expect(await footprint(t.db, id)).toEqual(before);
    const seen = await t.http.get(`/api/v1/requests/${id}`).set(bearer(agent2)).expect(200);
    expect(seen.body).toMatchObject({ assigneeId: holderId, assigneeName: holderName });
    // The holder still decides.
    await move(t, agent1, id, 'approved').expect(200);
  });

  it('lets a supervisor take over with a reason recorded on the timeline; agents may not', async () => {
    const id = await heldByAgent1();
    const version = (await footprint(t.db, id)).version;
    await t.http.post(`/api/v1/requests/${id}/takeover`).set(bearer(agent2)).send({ reason: 'je prends', version }).expect(403);
    const bad = await t.http.post(`/api/v1/requests/${id}/takeover`).set(bearer(supervisor)).send({ version }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    await t.http
      .post(`/api/v1/requests/${id}/takeover`)
      .set(bearer(supervisor))
      .send({ reason: 'agent absent', version: version + 5 })
      .expect(409);
    const taken = await t.http
      .post(`/api/v1/requests/${id}/takeover`)
      .set(bearer(supervisor))
      .send({ reason: 'agent absent', version })
      .expect(200);
    const [{ id: supId }] = await t.db.query(`SELECT id FROM staff WHERE username = 'supervisor'`);
    expect(taken.body.assigneeId).toBe(supId);
    const events = (await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(agent1)).expect(200)).body.items;
    expect(events.at(-1)).toMatchObject({
      type: 'request.taken_over',
      reason: 'agent absent',
      actorId: supId,
      role: 'supervisor',
      public: false,
    });
    // Now agent1 is the colleague: refused; the supervisor decides.
    await move(t, agent1, id, 'approved').expect(409);
    await move(t, supervisor, id, 'approved').expect(200);
    // Nothing left to take over from oneself.
    const again = await t.http
      .post(`/api/v1/requests/${id}/takeover`)
      .set(bearer(supervisor))
      .send({ reason: 'x'.repeat(5), version: taken.body.version + 1 })
      .expect(409);
    expect(again.body.type).toMatch(/request\/not-held$/);
  });
});
