import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig, bullConnectionOptions, OutboxRelay, outboxJobId, QueueFactory, QUEUES, REDIS } from '@app/core';
import { createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

describe('outbox relay', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  const rowsOf = (requestId: string): Promise<{ id: string; topic: string; relayed_at: Date | null; created_at: Date }[]> =>
    t.db.query(
      `SELECT id, topic, relayed_at, created_at FROM outbox_message WHERE payload->>'requestId' = $1 OR payload->'data'->>'requestId' = $1 ORDER BY id`,
      [requestId],
    );

  it('keeps rows when Redis is unreachable, then relays each exactly once to its queue', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const rows = await rowsOf(r.body.id);
    expect(rows.map((x) => x.topic).sort()).toEqual(['event', 'notify', 'sla.sync']);

    // A relay whose Redis is down gives the batch up: nothing is marked relayed.
    const config = t.app.get(AppConfig);
    const deadRedis = new QueueFactory({ ...config, REDIS_URL: 'redis://127.0.0.1:1' } as AppConfig, t.app.get(REDIS));
    await expect(new OutboxRelay(t.db, deadRedis).relayOnce()).rejects.toThrow(/did not answer/);
    expect((await rowsOf(r.body.id)).every((x) => x.relayed_at === null)).toBe(true);
    for (const q of deadRedis.allQueues()) void q.disconnect();

    // As if an earlier relay crashed after adding one job but before marking its row. The job is
    // delayed so the worker cannot finish and remove it before its relay runs: what is asserted is
    // that the relay keeps the job it finds under that ID, whatever the order the two start in.
    const notify = rows.find((x) => x.topic === 'notify')!;
    const notifications = new Queue(QUEUES.notifications, {
      connection: bullConnectionOptions(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
    });
    await notifications.add('notify', { replay: true }, { jobId: outboxJobId(notify.id, notify.created_at), delay: 600_000 });

    worker = await startWorker();
    await eventually(async () => (await rowsOf(r.body.id)).every((x) => x.relayed_at !== null));
    const planted = await notifications.getJob(outboxJobId(notify.id, notify.created_at));
    expect(planted?.data).toEqual({ replay: true }); // that job, not a second one
    await planted?.remove();
    await notifications.close();
    const event = rows.find((x) => x.topic === 'event')!;
    const webhooks = worker.get(QueueFactory).queue(QUEUES.webhooks);
    expect((await webhooks.getJob(outboxJobId(event.id, event.created_at)))?.name).toBe('event');
  });
});
