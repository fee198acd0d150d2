import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Job } from 'bullmq';
import { InvalidJobData, outboxJobId, outboxPayload, OutboxTopic, QueueFactory, OUTBOX_ROUTES } from '@app/core';
import { createTestApp, eventually, TestApp } from '../../support/app';
import { startWorker } from '../../support/worker';

describe('outbox payloads, checked when a job starts', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  const BAD: Record<OutboxTopic, [Record<string, unknown>, RegExp]> = {
    notify: [{ template: 'request.received', recipient: {}, data: {} }, /invalid notify payload: recipient must name/],
    event: [
      { type: 'request.submitted', id: 'not-a-uuid', occurredAt: new Date().toISOString(), data: {} },
      /invalid event payload: id must be a UUID/,
    ],
    'certificate.render': [{ certificate: 'x' }, /invalid certificate.render payload: certificateId must be a UUID/],
    'sla.sync': [{ requestId: 42 }, /invalid sla.sync payload: requestId must be a UUID/],
  };

  it('names the field in the reason (and passes a good payload through)', () => {
    for (const [topic, [payload, reason]] of Object.entries(BAD) as [OutboxTopic, [Record<string, unknown>, RegExp]][]) {
      expect(() => outboxPayload(topic, payload)).toThrow(reason);
      expect(() => outboxPayload(topic, payload)).toThrow(InvalidJobData);
    }
    expect(() => outboxPayload('sla.sync', null)).toThrow(/not an object/);
    const good = { requestId: randomUUID() };
    expect(outboxPayload('sla.sync', good)).toBe(good);
  });

  it('a job with a bad payload fails once with the reason, and the worker goes on with the next', async () => {
    const rows: { id: string; topic: OutboxTopic; created_at: Date; reason: RegExp }[] = [];
    for (const [topic, [payload, reason]] of Object.entries(BAD) as [OutboxTopic, [Record<string, unknown>, RegExp]][]) {
      const [row] = await t.db.query(
        `INSERT INTO outbox_message (topic, payload, idempotency_key) VALUES ($1, $2, $3) RETURNING id, created_at`,
        [topic, payload, `test-bad-payload:${randomUUID()}`],
      );
      rows.push({ id: row.id, topic, created_at: row.created_at, reason });
    }
    // A well-formed message written after them: an SLA sync of a request that does not exist is a no-op that completes.
    const [ok] = await t.db.query(
      `INSERT INTO outbox_message (topic, payload, idempotency_key) VALUES ('sla.sync', $1, $2) RETURNING id, created_at`,
      [{ requestId: randomUUID() }, `test-good-payload:${randomUUID()}`],
    );

    worker = await startWorker();
    const queues = worker.get(QueueFactory);
    const jobOf = (topic: OutboxTopic, id: string, at: Date) =>
      queues.queue(OUTBOX_ROUTES[topic]).getJob(outboxJobId(id, at)) as Promise<Job | undefined>;
    await eventually(async () => {
      for (const r of rows) if (!(await (await jobOf(r.topic, r.id, r.created_at))?.isFailed())) return false;
      return !!(await (await jobOf('sla.sync', ok.id, ok.created_at))?.isCompleted());
    });
    for (const r of rows) {
      const job = (await jobOf(r.topic, r.id, r.created_at))!;
      expect(job.failedReason).toMatch(r.reason);
      expect(job.attemptsMade).toBe(1); // never retried: a retry cannot fix a payload
    }
  });
});
