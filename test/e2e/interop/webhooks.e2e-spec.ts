import { INestApplicationContext } from '@nestjs/common';
import { DomainEventPayload, QueueFactory, QUEUES } from '@app/core';
import { WebhookDispatcher } from '@app/interop';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { apiKey, newPartner, receiver, verify } from './helpers';
import { startWorker } from '../../support/worker';

// Retries 50 ms, 100 ms, 200 ms... instead of a minute onwards; the attempt count still covers 24 h.
process.env.WEBHOOK_BACKOFF_MS = '50';

describe('Webhooks', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let partner: { id: string; apiKey: string };

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker();
    partner = await newPartner(t, ['webhooks:manage']);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function subscribe(url: string, events = ['request.submitted']): Promise<{ id: string; secret: string }> {
    const res = await t.http.post('/api/v1/webhooks').set(apiKey(partner.apiKey)).send({ url, events }).expect(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    return res.body;
  }

  /** A real submission writes its `event` outbox row; the worker's outbox relay hands it to the webhook processor. */
  async function submittedEvent(): Promise<DomainEventPayload> {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const [row] = await t.db.query(`SELECT payload FROM outbox_message WHERE topic = 'event' AND payload->'data'->>'requestId' = $1`, [
      r.body.id,
    ]);
    return row.payload;
  }

  const deliveries = async (hookId: string) =>
    (await t.http.get(`/api/v1/webhooks/${hookId}/deliveries`).set(apiKey(partner.apiKey)).expect(200)).body.items;

  it("delivers an event signed with the subscription's secret, verifiable by the documented snippet", async () => {
    const rx = await receiver((_n, _r, res) => res.writeHead(204).end());
    try {
      const hook = await subscribe(rx.url);
      const listed = await t.http.get(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(200);
      expect(listed.body).toEqual({
        id: hook.id,
        partnerId: partner.id,
        url: rx.url,
        events: ['request.submitted'],
        createdAt: expect.any(String),
      });
      expect(listed.body.secret).toBeUndefined();
      const event = await submittedEvent();
      await eventually(async () => rx.received.length === 1);
      const got = rx.received[0];
      expect(JSON.parse(got.body)).toEqual(event);
      expect(got.headers['x-annex-event']).toBe('request.submitted');
      expect(verify(hook.secret, got.body, String(got.headers['x-annex-signature']))).toBe(true);
      expect(verify('whsec_wrong', got.body, String(got.headers['x-annex-signature']))).toBe(false);
      expect(
        verify(hook.secret, got.body.replace('"request.submitted"', '"request.state_changed"'), String(got.headers['x-annex-signature'])),
      ).toBe(false);
      const [d] = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === 'delivered' && items;
      });
      expect(d).toMatchObject({
        eventId: event.id,
        attempts: 1,
        lastStatusCode: 204,
        log: [{ attempt: 1, statusCode: 204, errorClass: null }],
      });
      expect(d.log[0].latencyMs).toEqual(expect.any(Number));

      // The same event handed over again (a relay replaying its row) creates no second delivery.
      await worker.get(WebhookDispatcher).fanOut(event);
      expect(await deliveries(hook.id)).toHaveLength(1);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
      await t.http.get(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(404);
    } finally {
      await rx.close();
    }
  });

  it('retries a receiver that fails three times, delivers once more, logs every attempt, and can replay', async () => {
    const rx = await receiver((n, _r, res) => res.writeHead(n <= 3 ? 503 : 200).end());
    try {
      const hook = await subscribe(rx.url);
      const event = await submittedEvent();
      const [d] = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === 'delivered' && items;
      });
      expect(rx.received.map((r) => JSON.parse(r.body).id)).toEqual([event.id, event.id, event.id, event.id]);
      expect(d.attempts).toBe(4);
      expect(
        d.log.map((a: { attempt: number; statusCode: number; errorClass: string | null }) => [a.attempt, a.statusCode, a.errorClass]),
      ).toEqual([
        [1, 503, 'http_5xx'],
        [2, 503, 'http_5xx'],
        [3, 503, 'http_5xx'],
        [4, 200, null],
      ]);

      const replay = await t.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${d.id}/replay`).set(apiKey(partner.apiKey)).expect(202);
      expect(replay.body.status).toBe('pending');
      await eventually(async () => rx.received.length === 5);
      const [again] = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === 'delivered' && items[0].attempts === 5 && items;
      });
      expect(again.log).toHaveLength(5);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
    } finally {
      await rx.close();
    }
  });

  it('loses nothing when the worker stops while a delivery is in flight', async () => {
    let held: (() => void) | undefined;
    const rx = await receiver((n, _r, res) => {
      if (n === 1) held = () => res.socket?.destroy();
      else res.writeHead(200).end();
    });
    try {
      const hook = await subscribe(rx.url);
      await submittedEvent();
      await eventually(async () => held);
      // Stop the worker mid-delivery: the connection drops while it shuts down.
      const closing = worker.close();
      held!();
      await closing;
      const [pending] = await deliveries(hook.id);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1, log: [{ attempt: 1, statusCode: null, errorClass: 'network' }] });

      worker = await startWorker();
      const [d] = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === 'delivered' && items;
      });
      expect(d.attempts).toBe(2);
      expect(rx.received).toHaveLength(2);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
    } finally {
      await rx.close();
    }
  });

  it("stops sending a deleted subscription's pending deliveries, retries included", async () => {
    const rx = await receiver((_n, _r, res) => res.writeHead(503).end());
    try {
      const hook = await subscribe(rx.url);
      await submittedEvent();
      await eventually(async () => rx.received.length >= 1);
      const [d] = await deliveries(hook.id);
      expect(d.status).toBe('pending');
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
      const [row] = await t.db.query(`SELECT status, attempts FROM webhook_delivery WHERE id = $1`, [d.id]);
      expect(row.status).toBe('cancelled');
      // The retry already waiting in Redis runs (backoff 50 ms) and ends without sending.
      const sent = rx.received.length;
      await worker.get(WebhookDispatcher).deliver({ data: { deliveryId: d.id }, attemptsMade: 1, opts: { attempts: 5 } });
      const job = await eventually(async () => {
        const j = await worker.get(QueueFactory).queue(QUEUES.webhooks).getJob(`wh-${d.id}`);
        const state = j ? await j.getState() : 'gone';
        return ['completed', 'gone'].includes(state) && state;
      });
      expect(job).toBeTruthy();
      expect(rx.received.length).toBe(sent);
      const [after] = await t.db.query(`SELECT status FROM webhook_delivery WHERE id = $1`, [d.id]);
      expect(after.status).toBe('cancelled');
      await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(apiKey(partner.apiKey)).expect(404);
    } finally {
      await rx.close();
    }
  });

  it("delivers certificate.issued and certificate.revoked, ordered after the request's own events by `sequence`", async () => {
    const rx = await receiver((_n, _r, res) => res.writeHead(204).end());
    try {
      const hook = await subscribe(rx.url, ['request.state_changed', 'certificate.issued', 'certificate.revoked']);
      const c = await citizenWithTokens(t);
      const agent = await t.token('agent1');
      const supervisor = await t.token('supervisor');
      const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
      await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
      await move(t, agent, r.body.id, 'approved').expect(200);
      const ready = await eventually(async () => {
        const res = await t.http.get(`/api/v1/requests/${r.body.id}`).set(bearer(c.web)).expect(200);
        return res.body.state === 'ready_for_pickup' && res.body;
      }, 45_000);
      const events = () => rx.received.map((x) => JSON.parse(x.body) as DomainEventPayload).filter((e) => e.data.requestId === r.body.id);
      const issued = await eventually(async () => events().find((e) => e.type === 'certificate.issued'), 20_000);
      expect(issued).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        data: { certificateNumber: ready.certificateNumber, requestId: r.body.id },
      });
      await t.http
        .post(`/api/v1/certificates/${ready.certificateNumber}/revoke`)
        .set(bearer(supervisor))
        .send({ reason: 'Erreur de saisie' })
        .expect(200);
      const revoked = await eventually(async () => events().find((e) => e.type === 'certificate.revoked'), 20_000);
      expect(revoked.id).not.toBe(issued.id);
      await eventually(async () => events().length === 5); // in_review, approved, ready_for_pickup, issued, revoked
      // However they arrived, sorting by (sequence, occurredAt) gives the request's history.
      const ordered = [...events()].sort((a, b) => a.sequence! - b.sequence! || a.occurredAt.localeCompare(b.occurredAt));
      expect(ordered.every((e) => Number.isInteger(e.sequence))).toBe(true);
      expect(ordered.map((e) => (e.type === 'request.state_changed' ? e.data.to : e.type))).toEqual([
        'in_review',
        'approved',
        'ready_for_pickup',
        'certificate.issued',
        'certificate.revoked',
      ]);
      const items = await eventually(async () => {
        const all = await deliveries(hook.id);
        return all.length === 5 && all.every((d: { status: string }) => d.status === 'delivered') && all;
      });
      expect(
        items
          .map((d: { eventType: string }) => d.eventType)
          .filter((x: string) => x.startsWith('certificate.'))
          .sort(),
      ).toEqual(['certificate.issued', 'certificate.revoked']);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
    } finally {
      await rx.close();
    }
  });

  it('validates subscriptions and keeps each partner to its own', async () => {
    const bad = await t.http
      .post('/api/v1/webhooks')
      .set(apiKey(partner.apiKey))
      .send({ url: 'ftp://x.example', events: ['request.eaten'] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events', 'url']);
    const internal = await t.http
      .post('/api/v1/webhooks')
      .set(apiKey(partner.apiKey))
      .send({ url: 'http://192.168.1.10/hook', events: ['request.submitted'] })
      .expect(400);
    expect(internal.body.errors[0].field).toBe('url');
    const hook = await subscribe('https://partner.example.ma/hooks', ['certificate.issued']);
    const other = await newPartner(t, ['webhooks:manage']);
    await t.http.get(`/api/v1/webhooks/${hook.id}`).set(apiKey(other.apiKey)).expect(404);
    await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(apiKey(other.apiKey)).expect(404);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(other.apiKey)).expect(404);
    const mine = await t.http.get('/api/v1/webhooks').set(apiKey(other.apiKey)).expect(200);
    expect(mine.body.items).toEqual([]);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(apiKey(partner.apiKey)).expect(204);
  });
});
