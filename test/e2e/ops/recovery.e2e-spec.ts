import { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { OutboxReconciler, QUEUES, QueueFactory, REDIS } from '@app/core';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { apiKey, newPartner, receiver } from '../interop/helpers';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

// Fast retries; a reconciler pass only when the test asks (plus the one at worker start).
process.env.WEBHOOK_BACKOFF_MS = '50';
process.env.RECONCILE_SECONDS = '3600';
process.env.RECONCILE_GRACE_SECONDS = '1';

describe('Recovery: lost Redis data and failed renders', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function approve(citizenToken: string): Promise<string> {
    const r = await submit(t, citizenToken, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, r.body.id, 'approved').expect(200);
    return r.body.id;
  }
  const stateOf = async (id: string) => (await t.db.query(`SELECT state FROM service_request WHERE id = $1`, [id]))[0].state;

  it('a render that cannot run (no fonts) retries, fails for good visibly, and one ops re-drive issues it once they are back', async () => {
    const env = { ...process.env };
    Object.assign(process.env, {
      FONTS_DIR: '/nonexistent/fonts',
      CERT_RENDER_ATTEMPTS: '2',
      CERT_RENDER_BACKOFF_MS: '50',
    });
    const admin = await t.token('admin');
    const supervisor = await t.token('supervisor');
    const c = await citizenWithTokens(t);
    const id = await approve(c.web);
    let job: { id: string };
    try {
      worker = await startWorker();
      // This request's own render: earlier files of the same jest worker may have left failed
      // certificate jobs in the queue, and re-driving one of theirs would leave this one approved.
      const [{ id: certificateId }] = await t.db.query(`SELECT id FROM certificate WHERE request_id = $1`, [id]);
      job = await eventually(async () => {
        const res = await t.http.get('/api/v1/ops/queues').set(bearer(admin)).expect(200);
        const q = res.body.items.find((x: { name: string }) => x.name === 'certificates');
        return q.recentFailures.find((f: { object: string }) => f.object === `certificateId=${certificateId}`);
      }, 30_000);
      expect(job).toMatchObject({ attemptsMade: 2, failedReason: expect.any(String) });
      expect(await stateOf(id)).toBe('approved');
      const pending = await t.http.get('/api/v1/certificates/pending').query({ olderThanMinutes: 0 }).set(bearer(supervisor)).expect(200);
      expect(pending.body.map((p: { requestId: string }) => p.requestId)).toContain(id);
      await t.http.get('/api/v1/certificates/pending').set(bearer(agent)).expect(403);
      const metrics = await t.http.get('/metrics').expect(200);
      expect(metrics.text).toMatch(/annex_jobs_failed_total\{queue="certificates"\} [1-9]/);
      // A reconciler pass leaves a job that failed for good where ops see it.
      expect((await worker.get(OutboxReconciler).reconcileOnce()).certificates).toBe(0);
    } finally {
      await worker?.close();
      worker = undefined;
      process.env = env;
    }

    worker = await startWorker();
    await t.http
      .post(`/api/v1/ops/jobs/certificates/${encodeURIComponent(job.id)}/retry`)
      .set(bearer(agent))
      .expect(403);
    const unknown = await t.http.post('/api/v1/ops/jobs/nope/retry-failed').set(bearer(admin)).expect(404);
    expect(unknown.body.errors[0].field).toBe('queue');
    const retried = await t.http
      .post(`/api/v1/ops/jobs/certificates/${encodeURIComponent(job.id)}/retry`)
      .set(bearer(admin))
      .expect(202);
    expect(retried.body).toEqual({ retried: 1 });
    const certificates = worker.get(QueueFactory).queue(QUEUES.certificates);
    // On a loaded machine the retried job can take long to run; if it does not come, say where the job is.
    await eventually(async () => {
      const state = await stateOf(id);
      if (state === 'ready_for_pickup') return true;
      const j = await certificates.getJob(job.id);
      throw new Error(
        `request ${state}; job ${j ? await j.getState() : 'gone'} after ${j?.attemptsMade ?? '?'} attempts: ${j?.failedReason ?? ''}`,
      );
    }, 90_000);
    await t.http
      .post(`/api/v1/ops/jobs/certificates/${encodeURIComponent(job.id)}/retry`)
      .set(bearer(admin))
      .expect(409);
    const issued = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'event' AND payload->>'type' = 'certificate.issued' AND payload->'data'->>'requestId' = $1`,
      [id],
    );
    expect(issued[0].n).toBe(1);
    await t.http.post('/api/v1/ops/jobs/certificates/retry-failed').set(bearer(admin)).expect(202);
    await worker.close();
    worker = undefined;
  }, 180_000);

  it('after Redis loses its data, the reconciler re-drives every alert, webhook and certificate, each done once', async () => {
    const partner = await newPartner(t, ['webhooks:manage']);
    const rx = await receiver((_n, _r, res) => res.writeHead(204).end());
    try {
      await t.http
        .post('/api/v1/webhooks')
        .set(apiKey(partner.apiKey))
        .send({ url: rx.url, events: ['request.submitted', 'certificate.issued'] })
        .expect(201);
      const c = await citizenWithTokens(t);
      const submitted: string[] = [];
      for (let i = 0; i < 8; i++)
        submitted.push((await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201)).body.id);
      const approved = [await approve(c.web), await approve(c.web)];
      const all = [...submitted, ...approved];
      // As after a relay then FLUSHALL: rows marked relayed, their jobs gone.
      await t.db.query(`UPDATE outbox_message SET relayed_at = now() WHERE relayed_at IS NULL`);
      await t.app.get<Redis>(REDIS).flushdb();

      await worker?.close();
      worker = await startWorker();
      const reconciler = worker.get(OutboxReconciler);
      const passes: Record<string, number>[] = [];
      const notifyRows = async () =>
        (await t.db.query(
          `SELECT o.payload->>'requestId' AS request_id, (SELECT count(*)::int FROM notification n WHERE n.job_id = 'outbox-' || o.id || '-' || floor(extract(epoch FROM o.created_at) * 1000)::bigint) AS n
             FROM outbox_message o WHERE o.topic = 'notify' AND o.payload->>'requestId' = ANY ($1::text[])`,
          [all],
        )) as { request_id: string; n: number }[];
      await eventually(
        async () => {
          passes.push(await reconciler.reconcileOnce());
          const ready = await t.db.query(
            `SELECT count(*)::int AS n FROM service_request WHERE id = ANY ($1::uuid[]) AND state = 'ready_for_pickup'`,
            [approved],
          );
          const events = rx.received.map((r) => JSON.parse(r.body));
          return (
            ready[0].n === 2 &&
            (await notifyRows()).every((r) => r.n > 0) &&
            events.filter((e) => e.type === 'request.submitted' && all.includes(e.data.requestId)).length === all.length &&
            events.filter((e) => e.type === 'certificate.issued' && approved.includes(e.data.requestId)).length === 2
          );
        },
        45_000,
        500,
      );
      const reenqueued = passes.reduce((sum, p) => sum + Object.values(p).reduce((a, b) => a + b, 0), 0);
      const notifications = await notifyRows();
      const events = rx.received.map((r) => JSON.parse(r.body));
      process.stdout.write(
        `reconciler after a flush: ${reenqueued} jobs re-enqueued over ${passes.length} passes; ${notifications.length} alerts with ${notifications.reduce((a, r) => a + r.n, 0)} notifications; ` +
          `${events.length} webhooks received; ${approved.length} certificates issued\n`,
      );
      expect(reenqueued).toBeGreaterThan(0);
      expect(notifications.every((r) => r.n === 1)).toBe(true); // one channel each: sent once
      const ids = events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length); // each webhook once
      const certs = await t.db.query(
        `SELECT request_id, count(*)::int AS n, bool_and(status = 'issued') AS issued FROM certificate WHERE request_id = ANY ($1::uuid[]) GROUP BY request_id`,
        [approved],
      );
      expect(certs).toEqual(expect.arrayContaining(approved.map((request_id) => ({ request_id, n: 1, issued: true }))));
      // Everything has its effect: the next pass re-adds nothing.
      await eventually(async () => Object.values(await reconciler.reconcileOnce()).every((n) => n === 0));
    } finally {
      await rx.close();
    }
  });
});
