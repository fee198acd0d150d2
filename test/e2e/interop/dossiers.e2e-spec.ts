import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';
import { apiKey, forwardedDossier, newPartner } from './helpers';

describe('Inbound dossier updates', () => {
  let t: TestApp;
  let agency: { id: string; apiKey: string };

  beforeAll(async () => {
    t = await createTestApp();
    agency = await newPartner(t, ['dossiers:update']);
  });
  afterAll(() => t?.close());

  const post = (code: string, body: object, key = agency.apiKey) =>
    t.http.post(`/api/v1/interop/dossiers/${code}/updates`).set(apiKey(key)).send(body);
  const state = async (id: string) => (await t.db.query(`SELECT state FROM service_request WHERE id = $1`, [id]))[0].state;
  const events = (id: string) =>
    t.db.query(
      `SELECT type, from_state, to_state, actor_id, actor_kind, role, channel, public FROM request_event WHERE request_id = $1 ORDER BY id`,
      [id],
    );

  it('maps the agency statuses onto the request, on its timeline, attributed to the partner, and notifies the citizen', async () => {
    const d = await forwardedDossier(t);
    const received = await post(d.trackingCode, {
      updateId: 'u1',
      status: 'received',
      occurredAt: '2026-11-20T09:00:00Z',
      agencyReference: 'PP-1',
    }).expect(200);
    expect(received.body).toEqual({
      updateId: 'u1',
      trackingCode: d.trackingCode,
      status: 'received',
      outcome: 'recorded',
      duplicate: false,
      requestState: 'forwarded',
    });
    await post(d.trackingCode, { updateId: 'u2', status: 'in_production', occurredAt: '2026-11-21T09:00:00Z' }).expect(200);
    const ready = await post(d.trackingCode, { updateId: 'u3', status: 'ready_at_agency', occurredAt: '2026-11-22T09:00:00Z' }).expect(200);
    expect(ready.body).toMatchObject({ outcome: 'applied', requestState: 'ready_for_pickup' });
    const collected = await post(d.trackingCode, { updateId: 'u4', status: 'collected', occurredAt: '2026-11-23T09:00:00Z' }).expect(200);
    expect(collected.body.requestState).toBe('delivered');
    expect(await state(d.id)).toBe('delivered');

    const partnerEvents = (await events(d.id)).filter((e: { actor_kind: string }) => e.actor_kind === 'partner');
    expect(partnerEvents.map((e: { type: string }) => e.type)).toEqual([
      'dossier.received',
      'dossier.in_production',
      'dossier.ready_at_agency',
      'request.state_changed',
      'dossier.collected',
      'request.state_changed',
    ]);
    for (const e of partnerEvents) expect(e).toMatchObject({ actor_id: agency.id, role: 'partner', channel: 'api' });

    const notes = await t.db.query(`SELECT payload FROM outbox_message WHERE topic = 'notify' AND payload->>'requestId' = $1 ORDER BY id`, [
      d.id,
    ]);
    const templates = notes.map((n: { payload: { template: string } }) => n.payload.template);
    expect(templates.filter((x: string) => x === 'dossier.update')).toHaveLength(2);
    expect(templates).toContain('request.ready_for_pickup');
    expect(notes.find((n: { payload: { template: string } }) => n.payload.template === 'dossier.update').payload.recipient).toEqual({
      citizenId: d.citizenId,
    });
  });

  it('refused → rejected with the reason (a reason is required)', async () => {
    const d = await forwardedDossier(t);
    const bad = await post(d.trackingCode, { updateId: 'r1', status: 'refused', occurredAt: '2026-11-20T09:00:00Z' }).expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))]).toEqual(['reason']);
    await post(d.trackingCode, {
      updateId: 'r1',
      status: 'refused',
      reason: 'Photo non conforme',
      occurredAt: '2026-11-20T09:00:00Z',
    }).expect(200);
    const [ev] = await t.db.query(
      `SELECT reason FROM request_event WHERE request_id = $1 AND to_state = 'rejected' AND type = 'request.state_changed'`,
      [d.id],
    );
    expect(ev.reason).toBe('Photo non conforme');
    expect(await state(d.id)).toBe('rejected');
  });

  it('a duplicated update changes nothing and answers the first result', async () => {
    const d = await forwardedDossier(t);
    const body = { updateId: 'dup-1', status: 'ready_at_agency', occurredAt: '2026-11-22T09:00:00Z' };
    await post(d.trackingCode, body).expect(200);
    const count = (await events(d.id)).length;
    const again = await post(d.trackingCode, body).expect(200);
    expect(again.body).toMatchObject({ updateId: 'dup-1', outcome: 'applied', duplicate: true, requestState: 'ready_for_pickup' });
    expect(await events(d.id)).toHaveLength(count);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM dossier_update WHERE request_id = $1`, [d.id]))[0].n).toBe(1);
  });

  it('a late older update is recorded but never overwrites a newer state', async () => {
    const d = await forwardedDossier(t);
    await post(d.trackingCode, { updateId: 'n2', status: 'ready_at_agency', occurredAt: '2026-11-22T09:00:00Z' }).expect(200);
    await post(d.trackingCode, { updateId: 'n3', status: 'collected', occurredAt: '2026-11-23T09:00:00Z' }).expect(200);
    const late = await post(d.trackingCode, {
      updateId: 'n1',
      status: 'refused',
      reason: 'ancien refus',
      occurredAt: '2026-11-21T09:00:00Z',
    }).expect(200);
    expect(late.body).toMatchObject({ outcome: 'stale', duplicate: false, requestState: 'delivered' });
    expect(await state(d.id)).toBe('delivered');
    const rows = await t.db.query(`SELECT update_id, outcome FROM dossier_update WHERE request_id = $1 ORDER BY occurred_at`, [d.id]);
    expect(rows).toEqual([
      { update_id: 'n1', outcome: 'stale' },
      { update_id: 'n2', outcome: 'applied' },
      { update_id: 'n3', outcome: 'applied' },
    ]);
    const lateEvent = (await events(d.id)).find((e: { type: string }) => e.type === 'dossier.refused');
    expect(lateEvent.public).toBe(false);
  });

  it('refuses non-partners, keys without the scope, unknown dossiers and annex-handled requests', async () => {
    const d = await forwardedDossier(t);
    const body = { updateId: 'x1', status: 'received', occurredAt: '2026-11-20T09:00:00Z' };
    const hooks = await newPartner(t, ['webhooks:manage']);
    await post(d.trackingCode, body, hooks.apiKey).expect(403);
    await t.http.post(`/api/v1/interop/dossiers/${d.trackingCode}/updates`).send(body).expect(401);
    const agent = await t.token('agent1', undefined, 1);
    await t.http.post(`/api/v1/interop/dossiers/${d.trackingCode}/updates`).set(bearer(agent)).send(body).expect(403);
    await post('BRK5-1999-999999', body).expect(404);
    const c = await citizenWithTokens(t);
    const local = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    // A request the annex handles itself was never forwarded to the agency: nothing to see.
    const res = await post(local.body.trackingCode, body).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const bad = await post(d.trackingCode, { ...body, status: 'lost', occurredAt: 'yesterday', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'occurredAt', 'status']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM dossier_update WHERE request_id = $1`, [d.id]))[0].n).toBe(0);
  });
});
