import { get, IncomingMessage } from 'node:http';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

describe('reception: tickets, screens, grievances', () => {
  let t: TestApp;
  let reception: string;
  let agent1: string;
  let agent2: string;
  beforeAll(async () => {
    t = await createTestApp();
    reception = await t.token('reception');
    agent1 = await t.token('agent1', undefined, 1);
    agent2 = await t.token('agent2', undefined, 2);
  });
  afterAll(async () => t.close());

  const issue = (group: string, extra: object = {}, token = reception) =>
    t.http
      .post('/api/v1/tickets')
      .set(bearer(token))
      .send({ group, ...extra })
      .expect(201);
  const callNext = (token: string, counter: number, groups: string[]) =>
    t.http.post(`/api/v1/counters/${counter}/call-next`).set(bearer(token)).send({ groups });

  it('calls priority tickets first, then first come; two counters never get the same ticket', async () => {
    const plain = await issue('C');
    const elderly = await issue('C', { priority: 'elderly' });
    expect(plain.body.number).toMatch(/^C-\d{3}$/);
    expect(elderly.body).toMatchObject({ group: 'C', priority: 'elderly', state: 'waiting' });
    expect((await callNext(agent1, 1, ['C']).expect(200)).body.id).toBe(elderly.body.id);
    expect((await callNext(agent1, 1, ['C']).expect(200)).body.id).toBe(plain.body.id);
    await callNext(agent1, 1, ['C']).expect(404);

    const issued = [];
    for (let i = 0; i < 12; i++) issued.push((await issue('B')).body.id);
    const calls = await Promise.all(
      Array.from({ length: 14 }, (_, i) => (i % 2 ? callNext(agent1, 1, ['B']) : callNext(agent2, 2, ['B']))),
    );
    const called = calls.filter((r) => r.status === 200).map((r) => r.body.id);
    expect(called).toHaveLength(12);
    expect(new Set(called).size).toBe(12);
    expect(called.sort()).toEqual([...issued].sort());
    expect(calls.filter((r) => r.status === 404)).toHaveLength(2);
  });

  it('marks a no-show, transfers to another group, closes with the request handled', async () => {
    // Files that ran before in this jest worker's database may have left group A's tickets
    // waiting: call them first (each call-next closes the one before), so the next call is ours.
    while ((await callNext(agent1, 1, ['A'])).status === 200);
    const a = await issue('A');
    const called = await callNext(agent1, 1, ['A']).expect(200);
    expect(called.body.id).toBe(a.body.id);
    await t.http
      .post(`/api/v1/tickets/${a.body.id}/no-show`)
      .set(bearer(agent1))
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('no_show'));
    await t.http.post(`/api/v1/tickets/${a.body.id}/close`).set(bearer(agent1)).send({}).expect(409);

    const b = await issue('A');
    await callNext(agent2, 2, ['A']).expect(200);
    const moved = await t.http.post(`/api/v1/tickets/${b.body.id}/transfer`).set(bearer(agent2)).send({ group: 'B' }).expect(200);
    expect(moved.body).toMatchObject({ group: 'B', state: 'waiting' });
    const again = await callNext(agent1, 1, ['B']).expect(200);
    expect(again.body.id).toBe(b.body.id);
    await t.http
      .post(`/api/v1/tickets/${b.body.id}/close`)
      .set(bearer(agent1))
      .send({})
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('closed'));
    const log = await t.db.query(`SELECT type FROM ticket_event WHERE ticket_id = $1 ORDER BY id`, [b.body.id]);
    expect(log.map((e: { type: string }) => e.type)).toEqual(['issued', 'called', 'transferred', 'called', 'closed']);
  });

  it('texts the number and the estimated wait when a phone is given', async () => {
    const res = await issue('A', { phone: '+212612121212' });
    expect(res.body.estimatedWaitMinutes).toBeGreaterThanOrEqual(0);
    const [row] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`ticket:${res.body.id}`]);
    expect(row.payload).toMatchObject({
      template: 'ticket.issued',
      recipient: { phone: '+212612121212' },
      data: { ticket: res.body.number },
    });
  });

  it('lets only the right roles act', async () => {
    await issue('A', {}, await t.token('kiosk'));
    await t.http.post('/api/v1/tickets').set(bearer(agent1)).send({ group: 'A' }).expect(403);
    const c = await newCitizen(t.db);
    await t.http
      .get('/api/v1/tickets?state=waiting')
      .set(bearer(await t.token(c.cin, c.password)))
      .expect(403);
    await t.http.get('/api/v1/tickets?state=waiting').set(bearer(reception)).expect(200);
    // An agent calls only at the counter they signed in at.
    await callNext(agent1, 3, ['A']).expect(403);
    await t.http
      .post('/api/v1/signage')
      .set(bearer(agent1))
      .send({ kind: 'announcement', title: { fr: 'x' } })
      .expect(403);
    await t.http.post('/api/v1/tickets').set(bearer(reception)).send({ group: 'AB' }).expect(400);
  });

  it('links a ticket only to a citizen and a request of its own annex', async () => {
    const [other] = await t.db.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('OTH1', 'ملحقة أخرى', 'Autre annexe', 'Berkane', 'Berkane')
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
    );
    const elsewhere = await newCitizen(t.db);
    await t.db.query(`UPDATE citizen SET annex_id = $2, neighbourhood_id = NULL WHERE id = $1`, [elsewhere.id, other.id]);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM ticket`);
    const refused = await t.http.post('/api/v1/tickets').set(bearer(reception)).send({ group: 'A', citizenId: elsewhere.id }).expect(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['citizenId']);
    const unknown = await t.http
      .post('/api/v1/tickets')
      .set(bearer(reception))
      .send({ group: 'A', requestId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['requestId']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ticket`)).toEqual(before);
    const mine = await newCitizen(t.db);
    await issue('A', { citizenId: mine.id });
  });

  it('streams a called ticket and a signage change to the display screen', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    const display = await t.token('display');
    const received: string[] = [];
    const res = await new Promise<IncomingMessage>((ok, fail) =>
      get(`http://127.0.0.1:${port}/api/v1/screen/stream?access_token=${display}`, ok).on('error', fail),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    const got = (pattern: RegExp) =>
      new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no event matching ${pattern}: ${received.join('|')}`)), 10_000);
        const check = () => {
          const hit = received.find((r) => pattern.test(r));
          if (hit) {
            clearTimeout(timer);
            ok(hit);
          }
        };
        res.on('data', (chunk: Buffer) => {
          received.push(chunk.toString());
          check();
        });
        check();
      });
    await got(/connected/);
    const ticket = await issue('C');
    await callNext(agent2, 2, ['C']).expect(200);
    const event = await got(/event: ticket\.called/);
    expect(event).toContain(`"number":"${ticket.body.number}"`);
    expect(event).toContain('"counter":2');
    await t.http
      .post('/api/v1/signage')
      .set(bearer(await t.token('admin')))
      .send({ kind: 'announcement', title: { fr: 'Fermeture exceptionnelle', ar: 'إغلاق استثنائي' } })
      .expect(201);
    await got(/event: signage\.changed/);
    res.destroy();
    // Without a display token: refused.
    const denied = await new Promise<IncomingMessage>((ok, fail) =>
      get(`http://127.0.0.1:${port}/api/v1/screen/stream`, ok).on('error', fail),
    );
    expect(denied.statusCode).toBe(401);
    denied.resume();
    // A valid account of a role that does not watch screens: 403, not "sign in again".
    const agentToken = await t.token('agent1', undefined, 1);
    const forbidden = await new Promise<IncomingMessage>((ok, fail) =>
      get(`http://127.0.0.1:${port}/api/v1/screen/stream?access_token=${agentToken}`, ok).on('error', fail),
    );
    expect(forbidden.statusCode).toBe(403);
    forbidden.resume();
  });

  describe('grievances (Constitution art. 156)', () => {
    it('files one anonymously with a phone, answers it, and tells the citizen', async () => {
      await t.http
        .post('/api/v1/grievances')
        .send({ kind: 'grievance', subject: 'Attente', description: 'Trop longue attente au guichet 2 ce matin.', publicConsent: true })
        .expect(400)
        .expect((r) => expect(r.body.errors[0].field).toBe('phone'));
      const g = await t.http
        .post('/api/v1/grievances')
        .send({
          kind: 'grievance',
          subject: 'Attente',
          description: 'Trop longue attente au guichet 2 ce matin.',
          phone: '+212633333333',
          publicConsent: true,
        })
        .expect(201);
      expect(g.body.trackingCode).toMatch(/^BRK5-\d{4}-G-\d{6}$/);
      const answered = await t.http
        .post(`/api/v1/grievances/${g.body.id}/responses`)
        .set(bearer(await t.token('supervisor')))
        .send({ body: 'Un troisième guichet ouvre le matin dès lundi.' })
        .expect(201);
      expect(answered.body).toMatchObject({
        state: 'answered',
        responses: [expect.objectContaining({ body: 'Un troisième guichet ouvre le matin dès lundi.' })],
      });
      const [row] = await t.db.query(
        `SELECT payload FROM outbox_message WHERE topic = 'notify' AND payload->'data'->>'trackingCode' = $1`,
        [g.body.trackingCode],
      );
      expect(row.payload).toMatchObject({ template: 'grievance.response', recipient: { phone: '+212633333333' } });
    });

    it('shows a citizen their own grievances only', async () => {
      const a = await newCitizen(t.db);
      const b = await newCitizen(t.db);
      const ta = await t.token(a.cin, a.password);
      const g = await t.http
        .post('/api/v1/grievances')
        .set(bearer(ta))
        .send({ kind: 'proposal', subject: 'Horaires', description: 'Ouvrir le samedi matin serait utile.', publicConsent: false })
        .expect(201);
      await t.http.get(`/api/v1/grievances/${g.body.id}`).set(bearer(ta)).expect(200);
      await t.http
        .get(`/api/v1/grievances/${g.body.id}`)
        .set(bearer(await t.token(b.cin, b.password)))
        .expect(404);
    });
  });
});
