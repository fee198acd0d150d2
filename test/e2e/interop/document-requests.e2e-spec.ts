import { WebhookDispatcher } from '@app/interop';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { startWorker } from '../../support/worker';
import { citizenWithTokens, move, submit } from '../requests/helpers';
import { apiKey, newPartner, receiver } from './helpers';

const text = (fr: string) => ({ ar: `نص ${fr}`, fr, en: fr });

/** A procedure one of whose documents another administration holds (law 55-19: asked of it, not of the citizen). */
const procedure = (agencyCode: string) => ({
  code: 'LAW_INTEROP',
  category: 'residence',
  name: text('Attestation avec pièce obtenue par la DGSN'),
  description: text('La fiche anthropométrique est demandée par l’annexe'),
  documents: [
    {
      code: 'RECORD_EXTRACT',
      name: text('Fiche anthropométrique'),
      description: text('Délivrée par la DGSN'),
      providedBy: 'administration',
      source: { administration: text('Direction générale de la Sûreté nationale'), route: 'dgsn/fiche', agencyCode },
    },
  ],
  feeMad: 0,
  slaHours: 8,
  channels: ['web'],
  inPerson: false,
  external: false,
  fields: [],
  issuesCertificate: false,
  legalFrame: {
    maxDelayWorkingDays: 5,
    delaySource: 'law',
    feePayment: null,
    silenceMeansAcceptance: false,
    appealRoute: text('Recours gracieux'),
    refusalGrounds: [],
    changeReference: null,
  },
});

describe('documents obtained from another administration (law 55-19, interop)', () => {
  let t: TestApp;
  let admin: string;
  let dgsn: { id: string; apiKey: string };
  let province: { id: string; apiKey: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
    dgsn = await newPartner(t, ['dossiers:update']);
    province = await newPartner(t, ['dossiers:update'], { agencyCode: 'PROVINCE' });
    const unknown = await t.http.post('/api/v1/procedures').set(bearer(admin)).send(procedure('NOWHERE')).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'documents.0.source.agencyCode', reason: 'unknown' })]);
    await t.http.post('/api/v1/procedures').set(bearer(admin)).send(procedure('DGSN')).expect(201);
  });
  afterAll(async () => t.close());

  it('asks the partner, waits with the SLA paused, and completes the request on its answer without a citizen upload', async () => {
    const c = await citizenWithTokens(t);
    const filed = await submit(t, c.web, { procedureCode: 'LAW_INTEROP', form: {} }).expect(201);
    const id = filed.body.id as string;
    const clock = async () =>
      (await t.db.query(`SELECT sla_paused_at, sla_remaining_minutes, sla_due_at FROM service_request WHERE id = $1`, [id]))[0];
    const paused = await clock();
    expect(paused.sla_paused_at).not.toBeNull();
    expect(paused.sla_remaining_minutes).toBe(8 * 60);
    const [hook] = await t.db.query(
      `SELECT payload FROM outbox_message WHERE topic = 'event' AND idempotency_key LIKE 'document-requested:%' AND payload->'data'->>'requestId' = $1`,
      [id],
    );
    expect(hook.payload).toMatchObject({
      type: 'document.requested',
      data: { documentCode: 'RECORD_EXTRACT', route: 'dgsn/fiche', agencyCode: 'DGSN' },
    });

    // The DGSN's partner finds it in its queue, with whose document it is; the province's does not.
    const queue = await t.http.get('/api/v1/interop/document-requests').set(apiKey(dgsn.apiKey)).expect(200);
    const task = queue.body.find((d: { trackingCode: string }) => d.trackingCode === filed.body.trackingCode);
    expect(task).toMatchObject({ documentCode: 'RECORD_EXTRACT', status: 'pending', holder: { cin: c.cin } });
    const other = await t.http.get('/api/v1/interop/document-requests').set(apiKey(province.apiKey)).expect(200);
    expect(other.body.map((d: { id: string }) => d.id)).not.toContain(task.id);
    await t.http
      .post(`/api/v1/interop/document-requests/${task.id}/answer`)
      .set(apiKey(province.apiKey))
      .send({ reference: 'X' })
      .expect(404);
    await t.http.post(`/api/v1/interop/document-requests/${task.id}/answer`).set(apiKey(dgsn.apiKey)).send({}).expect(400);

    const answered = await t.http
      .post(`/api/v1/interop/document-requests/${task.id}/answer`)
      .set(apiKey(dgsn.apiKey))
      .send({ reference: 'DGSN-2026-4481' })
      .expect(200);
    expect(answered.body).toMatchObject({ status: 'received', reference: 'DGSN-2026-4481' });
    await t.http
      .post(`/api/v1/interop/document-requests/${task.id}/answer`)
      .set(apiKey(dgsn.apiKey))
      .send({ reference: 'again' })
      .expect(409);

    // The clock runs again with what was left; the citizen sees the document arrive on the timeline.
    const resumed = await clock();
    expect(resumed.sla_paused_at).toBeNull();
    expect(resumed.sla_due_at.getTime()).toBeGreaterThan(paused.sla_due_at.getTime() - 1);
    const timeline = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(c.web)).expect(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual([
      'request.submitted',
      'document.requested',
      'document.received',
    ]);
    const uploads = await t.http.get(`/api/v1/requests/${id}/attachments`).set(bearer(c.web)).expect(200);
    expect(uploads.body.items).toEqual([]);

    // The agent decides on it with the partner's document.
    const agent = await t.token('agent1', undefined, 1);
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    const approved = await move(t, agent, id, 'approved').expect(200);
    expect(approved.body.state).toBe('approved');
  });

  it('keeps the clock paused through a wait for the citizen while the partner has not answered', async () => {
    const c = await citizenWithTokens(t);
    const id = (await submit(t, c.web, { procedureCode: 'LAW_INTEROP', form: {} }).expect(201)).body.id as string;
    const agent = await t.token('agent1', undefined, 1);
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, id, 'needs_info', { reason: 'Merci de préciser votre adresse' }).expect(200);
    await move(t, c.web, id, 'in_review', { reason: 'Hay Riad, rue 4' }).expect(200);
    const clock = async () => (await t.db.query(`SELECT sla_paused_at, sla_remaining_minutes FROM service_request WHERE id = $1`, [id]))[0];
    expect(await clock()).toMatchObject({ sla_paused_at: expect.any(Date), sla_remaining_minutes: 8 * 60 });
    const queue = await t.http.get('/api/v1/interop/document-requests').set(apiKey(dgsn.apiKey)).expect(200);
    const [row] = await t.db.query(`SELECT id FROM document_request WHERE request_id = $1`, [id]);
    expect(queue.body.map((d: { id: string }) => d.id)).toContain(row.id);
    await t.http
      .post(`/api/v1/interop/document-requests/${row.id}/answer`)
      .set(apiKey(dgsn.apiKey))
      .send({ reference: 'DGSN-2' })
      .expect(200);
    expect((await clock()).sla_paused_at).toBeNull();
  });

  it('counts the wait for the partner’s document as the agency’s time in the processing-time split', async () => {
    const c = await citizenWithTokens(t);
    const id = (await submit(t, c.web, { procedureCode: 'LAW_INTEROP', form: {} }).expect(201)).body.id as string;
    // Filed on Monday 23 November 2026 at 09:00 (the events are append-only: set the past aside their guard).
    const filedAt = '2026-11-23T09:00:00+01:00';
    await t.db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE request_event SET at = $2 WHERE request_id = $1`, [id, filedAt]);
      await m.query(`UPDATE service_request SET submitted_at = $2 WHERE id = $1`, [id, filedAt]);
      await m.query(`UPDATE document_request SET requested_at = $2 WHERE request_id = $1`, [id, filedAt]);
    });
    const [row] = await t.db.query(`SELECT id FROM document_request WHERE request_id = $1`, [id]);
    await t.http
      .post(`/api/v1/interop/document-requests/${row.id}/answer`)
      .set(apiKey(dgsn.apiKey))
      .send({ reference: 'DGSN-3' })
      .expect(200);
    // …and the DGSN answered at 11:00 the same morning.
    await t.db.query(`UPDATE document_request SET answered_at = '2026-11-23T11:00:00+01:00' WHERE id = $1`, [row.id]);
    const agent = await t.token('agent1', undefined, 1);
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, id, 'approved').expect(200);
    const [timing] = await t.db.query(
      `SELECT agent_minutes, citizen_minutes, external_minutes, decision_minutes FROM request_timing WHERE request_id = $1`,
      [id],
    );
    // The two hours at the DGSN are the agency's, not the annex's, and not part of its time to decide.
    expect(timing).toMatchObject({ external_minutes: 120, citizen_minutes: 0 });
    expect(timing.agent_minutes).toBeGreaterThan(0);
    expect(timing.decision_minutes).toBe(timing.agent_minutes);
  });
  it('sends the document.requested webhook to the named agency’s partners only', async () => {
    const worker = await startWorker();
    const asked = await receiver((_n, _r, res) => res.writeHead(204).end());
    const other = await receiver((_n, _r, res) => res.writeHead(204).end());
    try {
      const subscribe = async (agencyCode: string, url: string) => {
        const p = await newPartner(t, ['webhooks:manage'], { agencyCode });
        const hook = await t.http
          .post('/api/v1/webhooks')
          .set(apiKey(p.apiKey))
          .send({ url, events: ['document.requested'] })
          .expect(201);
        return { key: p.apiKey, hook: hook.body.id as string };
      };
      await subscribe('DGSN', asked.url);
      const province = await subscribe('PROVINCE', other.url);
      const c = await citizenWithTokens(t);
      const filed = await submit(t, c.web, { procedureCode: 'LAW_INTEROP', form: {} }).expect(201);
      // (Earlier tests' events reach it too: the worker relays them now.)
      const event = await eventually(async () =>
        asked.received.map((r) => JSON.parse(r.body)).find((e) => e.data?.trackingCode === filed.body.trackingCode),
      );
      expect(event).toMatchObject({ type: 'document.requested', data: { trackingCode: filed.body.trackingCode, agencyCode: 'DGSN' } });
      // One fan-out writes every subscription's delivery at once: the province's partner got none, and none is owed to it.
      const theirs = await t.http.get(`/api/v1/webhooks/${province.hook}/deliveries`).set(apiKey(province.key)).expect(200);
      expect(theirs.body.items).toEqual([]);
      expect(other.received).toEqual([]);
      const owed = await worker.get(WebhookDispatcher).unfannedEvents(0, 1);
      expect(owed.map((j) => (j.data as { id: string }).id)).not.toContain(event.id);
    } finally {
      await asked.close();
      await other.close();
      await worker.close();
    }
  });
});
