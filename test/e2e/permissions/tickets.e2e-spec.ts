import { bearer, createTestApp, TestApp } from '../../support/app';

/** Issue 18: a ticket is acted on only from the counter that called it (or by a supervisor); one counter, one current ticket. */
describe('Ticket actions are bound to the counter', () => {
  let t: TestApp;
  let reception: string;
  let agent1: string;
  let agent2: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp();
    reception = await t.token('reception');
    agent1 = await t.token('agent1', undefined, 1);
    agent2 = await t.token('agent2', undefined, 2);
    supervisor = await t.token('supervisor', undefined, 4);
  });
  afterAll(() => t?.close());

  // Group D is this file's own: no other test's tickets in the way.
  const issue = async () => (await t.http.post('/api/v1/tickets').set(bearer(reception)).send({ group: 'D' }).expect(201)).body;
  const callNext = (token: string, counter: number) =>
    t.http
      .post(`/api/v1/counters/${counter}/call-next`)
      .set(bearer(token))
      .send({ groups: ['D'] });
  const act = (token: string, id: string, what: string, body: object = {}) =>
    t.http.post(`/api/v1/tickets/${id}/${what}`).set(bearer(token)).send(body);
  const ticket = async (id: string) => (await t.db.query(`SELECT state, counter, grp FROM ticket WHERE id = $1`, [id]))[0];
  const log = async (id: string) =>
    (await t.db.query(`SELECT type, detail FROM ticket_event WHERE ticket_id = $1 ORDER BY id`, [id])).map(
      (e: { type: string; detail: string | null }) => `${e.type}${e.detail ? `:${e.detail}` : ''}`,
    );

  it('refuses recall, no-show, close and transfer from another counter, and changes nothing', async () => {
    const a = await issue();
    expect((await callNext(agent1, 1).expect(200)).body.id).toBe(a.id);
    const before = { row: await ticket(a.id), log: await log(a.id) };
    for (const [what, body] of [['recall'], ['no-show'], ['close', {}], ['transfer', { group: 'B' }]] as const) {
      const res = await act(agent2, a.id, what, body).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.detail).toContain('counter 1');
    }
    // Reception moves waiting tickets, not one being served.
    await act(reception, a.id, 'transfer', { group: 'B' }).expect(403);
    expect({ row: await ticket(a.id), log: await log(a.id) }).toEqual(before);
    // Its own counter, or a supervisor, may.
    await act(agent1, a.id, 'recall').expect(200);
    await act(supervisor, a.id, 'no-show').expect(200);
    expect((await ticket(a.id)).state).toBe('no_show');
  });

  it('a waiting ticket is transferred by reception or a supervisor, not by an agent', async () => {
    const w = await issue();
    await act(agent1, w.id, 'transfer', { group: 'B' }).expect(403);
    expect((await ticket(w.id)).grp).toBe('D');
    await act(reception, w.id, 'transfer', { group: 'C' }).expect(200);
    await act(supervisor, w.id, 'transfer', { group: 'D' }).expect(200);
    expect((await ticket(w.id)).grp).toBe('D');
    await callNext(agent2, 2).expect(200); // served at counter 2, closed by its next call below
  });

  it("call-next closes the counter's current ticket as served, logged, so a counter holds one called ticket", async () => {
    const first = await issue();
    const second = await issue();
    await callNext(agent2, 2).expect(200);
    // whichever of the file's tickets counter 2 now holds, the next call closes it
    const current = (await t.db.query(`SELECT id FROM ticket WHERE counter = 2 AND state = 'called'`))[0].id;
    await callNext(agent2, 2).expect(200);
    expect((await ticket(current)).state).toBe('closed');
    expect((await log(current)).at(-1)).toBe('closed:call-next');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ticket WHERE counter = 2 AND state = 'called'`))[0].n).toBe(1);
    // Nobody left in D: the current one is still closed as served, and the answer is 404.
    while ((await callNext(agent2, 2)).status === 200);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ticket WHERE counter = 2 AND state = 'called'`))[0].n).toBe(0);
    for (const id of [first.id, second.id]) expect((await ticket(id)).state).toBe('closed');
  });
});
