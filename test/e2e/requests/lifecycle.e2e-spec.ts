import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, move, outboxFor, PASSPORT_FORM, RESIDENCE_FORM, submit } from './helpers';

const TRACKING = /^BRK5-\d{4}-\d{6}$/;

describe('request lifecycle, every path and channel', () => {
  let t: TestApp;
  let agent: string;
  let agent2: string;
  let reception: string;
  let supervisor: string;
  let kiosk: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 2);
    agent2 = await t.token('agent2', undefined, 3);
    reception = await t.token('reception');
    supervisor = await t.token('supervisor');
    kiosk = await t.token('kiosk');
  });
  afterAll(async () => t.close());

  it('web: submitted → in_review (claim) → needs_info ↔ in_review (the citizen answers) → approved → ready_for_pickup → delivered', async () => {
    const c = await citizenWithTokens(t);
    const created = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    expect(created.body).toMatchObject({
      trackingCode: expect.stringMatching(TRACKING),
      citizenId: c.id,
      channel: 'web',
      state: 'submitted',
      version: 1,
      assigneeId: null,
      form: RESIDENCE_FORM,
    });
    expect(new Date(created.body.slaDueAt).getTime()).toBeGreaterThan(Date.now());
    const id = created.body.id;

    const claimed = await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    expect(claimed.body).toMatchObject({ state: 'in_review', counter: 2, version: 2 });
    const noReason = await move(t, agent, id, 'needs_info').expect(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason', reason: 'required' });
    await move(t, agent, id, 'needs_info', { reason: 'Joindre une facture récente' }).expect(200);
    const answered = await move(t, c.web, id, 'in_review', { reason: 'Facture jointe' }).expect(200);
    expect(answered.body.state).toBe('in_review');
    await move(t, agent, id, 'approved').expect(200);
    await move(t, agent, id, 'ready_for_pickup').expect(200);
    const done = await move(t, reception, id, 'delivered').expect(200);
    expect(done.body).toMatchObject({ state: 'delivered', version: 7 });
    expect(done.body.decidedAt).not.toBeNull();
    expect(done.body.closedAt).not.toBeNull();

    const mine = await t.http.get(`/api/v1/requests/${id}`).set(bearer(c.web)).expect(200);
    expect(mine.body.state).toBe('delivered');
    const timeline = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(c.web)).expect(200);
    expect(timeline.body.items.map((e: { toState: string }) => e.toState)).toEqual([
      'submitted',
      'in_review',
      'needs_info',
      'in_review',
      'approved',
      'ready_for_pickup',
      'delivered',
    ]);
    expect(timeline.body.items[2]).toMatchObject({ reason: 'Joindre une facture récente' });
    expect(timeline.body.items[0]).not.toHaveProperty('actorId');
    const full = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(supervisor)).expect(200);
    // Pages of the timeline follow on from each other.
    const page1 = await t.http.get(`/api/v1/requests/${id}/events?limit=4`).set(bearer(c.web)).expect(200);
    const page2 = await t.http.get(`/api/v1/requests/${id}/events?limit=4&cursor=${page1.body.nextCursor}`).set(bearer(c.web)).expect(200);
    expect([...page1.body.items, ...page2.body.items]).toEqual(timeline.body.items);
    expect(page2.body.nextCursor).toBeNull();
    expect(full.body.items[1]).toMatchObject({
      actorKind: 'staff',
      role: 'agent',
      counter: 2,
      channel: 'counter',
      fromState: 'submitted',
      toState: 'in_review',
    });
    expect(full.body.items[3]).toMatchObject({
      actorId: c.id,
      actorKind: 'citizen',
      role: 'citizen',
      channel: 'web',
      reason: 'Facture jointe',
    });

    const outbox = await outboxFor(t, id);
    const templates = outbox.filter((o) => o.topic === 'notify').map((o) => o.payload.template);
    expect(templates).toEqual(['request.received', 'request.needs_info', 'request.ready_for_pickup']);
    expect(outbox.find((o) => o.payload.template === 'request.needs_info')!.payload).toMatchObject({
      recipient: { citizenId: c.id },
      requestId: id,
      data: {
        trackingCode: created.body.trackingCode,
        reason: 'Joindre une facture récente',
        procedureName: { fr: 'Certificat de résidence' },
      },
    });
    const events = outbox.filter((o) => o.topic === 'event').map((o) => o.payload);
    expect(events).toHaveLength(7);
    expect(events[0]).toMatchObject({
      type: 'request.submitted',
      data: { requestId: id, procedureCode: 'RESIDENCE', from: null, to: 'submitted' },
    });
    expect(events[6]).toMatchObject({ type: 'request.state_changed', data: { from: 'ready_for_pickup', to: 'delivered' } });
    expect(outbox.filter((o) => o.topic === 'sla.sync')).toHaveLength(7);
  });

  it('kiosk (a citizen signed in at the kiosk): files via kiosk, then cancels before review', async () => {
    const c = await citizenWithTokens(t);
    const created = await submit(t, c.kiosk, { procedureCode: 'CELIBACY', form: { purpose: 'administrative' } }).expect(201);
    expect(created.body).toMatchObject({ channel: 'kiosk', citizenId: c.id });
    const cancelled = await move(t, c.kiosk, created.body.id, 'cancelled').expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
    expect(cancelled.body.closedAt).not.toBeNull();
    await move(t, agent, created.body.id, 'in_review').expect(409);
  });

  it('kiosk device: files for a citizen via kiosk; the citizen sees it as theirs', async () => {
    const c = await citizenWithTokens(t);
    const created = await submit(t, kiosk, { procedureCode: 'LIFE', citizenId: c.id, form: { recipientBody: 'cmr' } }).expect(201);
    expect(created.body).toMatchObject({ channel: 'kiosk', citizenId: c.id });
    const list = await t.http.get('/api/v1/requests').set(bearer(c.web)).expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const [row] = await t.db.query(`SELECT filed_by_kind FROM service_request WHERE id = $1`, [created.body.id]);
    expect(row.filed_by_kind).toBe('staff');
  });

  it('counter: an agent files for a walk-in at their counter, reviews, and rejects with a reason', async () => {
    const c = await citizenWithTokens(t);
    const created = await submit(t, agent2, {
      procedureCode: 'INCOME',
      citizenId: c.id,
      form: { purpose: 'scholarship', householdSize: 5, monthlyIncomeMad: 2200 },
    }).expect(201);
    expect(created.body).toMatchObject({ channel: 'counter', counter: 3 });
    await t.http.post(`/api/v1/requests/${created.body.id}/claim`).set(bearer(agent2)).expect(200);
    await move(t, agent2, created.body.id, 'rejected').expect(400);
    const rejected = await move(t, agent2, created.body.id, 'rejected', { reason: 'Revenus non justifiés' }).expect(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', assigneeId: expect.any(String) });
    const notify = (await outboxFor(t, created.body.id))
      .filter((o) => o.topic === 'notify')
      .map((o) => [o.payload.template, o.payload.data.reason]);
    expect(notify).toEqual([
      ['request.received', undefined],
      ['request.rejected', 'Revenus non justifiés'],
    ]);
  });

  it("reception: files at the counter and cancels on the citizen's behalf while information is awaited", async () => {
    const c = await citizenWithTokens(t);
    const created = await submit(t, reception, {
      procedureCode: 'FAMILY_SUPPORT',
      citizenId: c.id,
      form: { dependentsCount: 2, dependentsNames: 'Sara, Adam' },
    }).expect(201);
    expect(created.body.channel).toBe('counter');
    await t.http.post(`/api/v1/requests/${created.body.id}/claim`).set(bearer(reception)).expect(403);
    await t.http.post(`/api/v1/requests/${created.body.id}/claim`).set(bearer(supervisor)).expect(200);
    await move(t, supervisor, created.body.id, 'needs_info', { reason: 'Livret de famille illisible' }).expect(200);
    const cancelled = await move(t, reception, created.body.id, 'cancelled', { reason: 'Le citoyen renonce' }).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
  });

  it('external procedure: in_review → forwarded → ready_for_pickup → delivered; forwarded → rejected', async () => {
    const c = await citizenWithTokens(t);
    const a = await submit(t, c.web, { procedureCode: 'PASSPORT', form: PASSPORT_FORM }).expect(201);
    await t.http.post(`/api/v1/requests/${a.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, a.body.id, 'forwarded').expect(200);
    await move(t, agent, a.body.id, 'ready_for_pickup').expect(200);
    await move(t, reception, a.body.id, 'delivered').expect(200);
    const notify = (await outboxFor(t, a.body.id)).filter((o) => o.topic === 'notify').map((o) => o.payload);
    expect(notify.map((n) => n.template)).toEqual(['request.received', 'request.forwarded', 'request.ready_for_pickup']);
    expect(notify[1]).toMatchObject({
      recipient: { citizenId: c.id },
      requestId: a.body.id,
      data: {
        trackingCode: a.body.trackingCode,
        procedureName: { en: 'Biometric passport application intake' },
        externalAgency: { fr: 'Direction générale de la Sûreté nationale' },
      },
    });

    const b = await submit(t, agent, {
      procedureCode: 'FIREARM',
      citizenId: c.id,
      form: { weaponType: 'shotgun', huntingPermitNumber: 'PC-7788' },
    }).expect(201);
    await t.http.post(`/api/v1/requests/${b.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, b.body.id, 'forwarded').expect(200);
    await move(t, agent, b.body.id, 'rejected').expect(400);
    const rejected = await move(t, supervisor, b.body.id, 'rejected', { reason: 'Avis défavorable de la province' }).expect(200);
    expect(rejected.body.state).toBe('rejected');
  });

  it('refuses to forward a procedure the annex handles itself (409 naming the state)', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    const res = await move(t, agent, r.body.id, 'forwarded').expect(409);
    expect(res.body).toMatchObject({ type: expect.stringContaining('transition-not-allowed'), currentState: 'in_review' });
  });
});
