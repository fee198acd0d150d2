import { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CalendarService, REDIS } from '@app/core';
import { SlaTimers, timerJobId } from '@app/sla';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

/**
 * The API in-process, and the worker's SLA processors in-process too (a second Nest context on
 * the same PostgreSQL and Redis). Targets are made short by moving a request's clock close to now.
 */
describe('SLA timers', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let timers: SlaTimers;
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker();
    timers = worker.get(SlaTimers);
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function newRequest(): Promise<{ id: string; citizen: string }> {
    const c = await citizenWithTokens(t);
    const res = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    return { id: res.body.id, citizen: c.web };
  }

  /** Moves the clock so the warning falls in `warnMs` and the breach in `dueMs`, then re-derives the timers. */
  async function shortClock(id: string, warnMs: number, dueMs: number): Promise<{ warnAt: Date; dueAt: Date }> {
    const warnAt = new Date(Date.now() + warnMs);
    const dueAt = new Date(Date.now() + dueMs);
    await t.db.query(`UPDATE service_request SET sla_warn_at = $2, sla_due_at = $3 WHERE id = $1`, [id, warnAt, dueAt]);
    await timers.sync(id);
    return { warnAt, dueAt };
  }

  const clock = async (id: string) =>
    (
      await t.db.query(
        `SELECT at_risk, overdue, sla_due_at, sla_warn_at, sla_paused_at, sla_remaining_minutes FROM service_request WHERE id = $1`,
        [id],
      )
    )[0];
  const slaEvents = async (id: string): Promise<string[]> =>
    (await t.db.query(`SELECT type FROM request_event WHERE request_id = $1 AND type LIKE 'sla.%' ORDER BY id`, [id])).map(
      (e: { type: string }) => e.type,
    );
  const breachNotices = async (id: string) =>
    (
      await t.db.query(
        `SELECT payload FROM outbox_message WHERE topic = 'notify' AND payload->>'template' = 'sla.breach' AND payload->>'requestId' = $1`,
        [id],
      )
    ).length;
  /** One notice per active supervisor of the request's annex (other files of this jest worker may have added some). */
  const supervisorsOf = async (id: string) =>
    Number(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM staff s JOIN service_request r ON r.annex_id = s.annex_id WHERE r.id = $1 AND s.role = 'supervisor' AND s.active`,
          [id],
        )
      )[0].n,
    );

  it('sets a working-time due and a warning at 75 % on submission', async () => {
    const { id } = await newRequest();
    const [r] = await t.db.query(`SELECT submitted_at, sla_warn_at, sla_due_at, sla_target_minutes FROM service_request WHERE id = $1`, [
      id,
    ]);
    expect(r.sla_target_minutes).toBe(24 * 60); // RESIDENCE: 24 working hours
    expect(r.sla_warn_at.getTime()).toBeGreaterThan(r.submitted_at.getTime());
    expect(r.sla_warn_at.getTime()).toBeLessThan(r.sla_due_at.getTime());
    // Its breach timer is pending with the SLA queue's own retry budget, whoever created the
    // queue first in this process, and no per-job removal policy (the worker keeps that).
    await timers.sync(id);
    const job = await timers.queue.getJob(timerJobId('breach', id, r.sla_due_at));
    expect(job?.opts.attempts).toBe(10);
    expect(job?.opts.removeOnComplete).toBeUndefined();
    expect(await job?.getState()).toBe('delayed');
  });

  it('fires the warning, then the breach, in order; the supervisor is told once', async () => {
    const { id } = await newRequest();
    await shortClock(id, 300, 1200);
    await eventually(async () => (await clock(id)).overdue);
    expect(await slaEvents(id)).toEqual(['sla.at_risk', 'sla.breached']);
    expect(await supervisorsOf(id)).toBeGreaterThanOrEqual(1);
    expect(await breachNotices(id)).toBe(await supervisorsOf(id));
    // The request shows as overdue in the agent queue.
    const queue = await t.http.get('/api/v1/requests?overdue=true&limit=100').set(bearer(agent)).expect(200);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('pauses the clock while waiting for the citizen, and shifts the due time on resumption', async () => {
    const { id, citizen } = await newRequest();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    const { dueAt } = await shortClock(id, 500, 1500);
    await move(t, agent, id, 'needs_info', { reason: 'Justificatif de domicile illisible' }).expect(200);
    await timers.sync(id); // what the relayed `sla.sync` does
    const paused = await clock(id);
    expect(paused.sla_paused_at).not.toBeNull();
    expect(paused.sla_remaining_minutes).not.toBeNull();
    expect(await timers.queue.getJob(timerJobId('breach', id, dueAt))).toBeUndefined();
    // Past the old due time, nothing has fired.
    await eventually(async () => Date.now() > dueAt.getTime() + 1000, 10_000);
    expect(await slaEvents(id)).toEqual([]);
    expect((await clock(id)).overdue).toBe(false);
    // The citizen answers: the clock restarts from now with what was left.
    const before = Date.now();
    await move(t, citizen, id, 'in_review').expect(200);
    const resumed = await clock(id);
    expect(resumed.sla_paused_at).toBeNull();
    expect(resumed.sla_due_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(resumed.sla_due_at.getTime()).toBeGreaterThan(dueAt.getTime());
  });

  it('cancels the timers when the request is approved', async () => {
    const { id } = await newRequest();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    const { dueAt } = await shortClock(id, 800, 1500);
    await move(t, agent, id, 'approved').expect(200);
    await timers.sync(id);
    expect(await timers.queue.getJob(timerJobId('breach', id, dueAt))).toBeUndefined();
    await eventually(async () => Date.now() > dueAt.getTime() + 1000, 10_000);
    expect(await slaEvents(id)).toEqual([]);
    const [timing] = await t.db.query(`SELECT final_state, within_sla, decision_minutes FROM request_timing WHERE request_id = $1`, [id]);
    expect(timing).toMatchObject({ final_state: 'approved', within_sla: true });
  });

  it('after FLUSHDB the reconciler restores the timers from PostgreSQL, and the breach fires exactly once', async () => {
    const { id } = await newRequest();
    const { dueAt } = await shortClock(id, 1500, 2500);
    const redis = worker.get<Redis>(REDIS);
    await redis.flushdb();
    expect(await timers.queue.getJob(timerJobId('breach', id, dueAt))).toBeUndefined();
    // Twice, as two workers would: deterministic ids make the second a no-op.
    expect(await timers.reconcile()).toBeGreaterThanOrEqual(1);
    await timers.reconcile();
    expect(await timers.queue.getJob(timerJobId('breach', id, dueAt))).toBeDefined();
    await eventually(async () => (await clock(id)).overdue);
    // A replayed breach job changes nothing.
    expect(await timers.fire('breach', { requestId: id, at: dueAt.toISOString() })).toBe(false);
    expect(await slaEvents(id)).toEqual(['sla.at_risk', 'sla.breached']);
    expect(await supervisorsOf(id)).toBeGreaterThanOrEqual(1);
    expect(await breachNotices(id)).toBe(await supervisorsOf(id));
  });
});

describe('holidays', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t.close());

  it("lets an admin add this year's Eid, which then moves due times", async () => {
    const admin = await t.token('admin');
    await t.http
      .post('/api/v1/holidays')
      .set(bearer(await t.token('agent1')))
      .send({ day: '2027-03-10', nameAr: 'عيد الفطر', nameFr: 'Aïd al-Fitr' })
      .expect(403);
    await t.http.post('/api/v1/holidays').set(bearer(admin)).send({ nameAr: 'عيد', nameFr: 'Aïd' }).expect(400);
    const added = await t.http
      .post('/api/v1/holidays')
      .set(bearer(admin))
      .send({ day: '2027-03-10', nameAr: 'عيد الفطر', nameFr: 'Aïd al-Fitr' })
      .expect(201);
    await t.http
      .post('/api/v1/holidays')
      .set(bearer(admin))
      .send({ day: '2027-03-10', nameAr: 'عيد الفطر', nameFr: 'Aïd al-Fitr' })
      .expect(409);
    const list = await t.http.get('/api/v1/holidays').expect(200);
    expect(list.body.items.map((h: { day: string | null; monthDay: string | null }) => h.day ?? h.monthDay)).toEqual(
      expect.arrayContaining(['11-18', '2027-03-10']),
    );
    const [annex] = await t.db.query(`SELECT id FROM annex WHERE code = 'BRK5'`);
    const cal = await t.app.get(CalendarService).forAnnex(annex.id);
    expect(cal.holidays.has('2027-03-10')).toBe(true);
    await t.http.delete(`/api/v1/holidays/${added.body.id}`).set(bearer(admin)).expect(204);
  });
});
