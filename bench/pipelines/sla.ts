/**
 * SLA pipeline figures: how long the reconciler takes to rebuild every running clock's timers
 * from PostgreSQL (into an empty queue, as after a Redis flush), and how many pending timers fit
 * in a GiB of Redis.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { CoreModule, REDIS } from '@app/core';
// The annex entity (outbox rows name their annex) is registered by the accounts module.
import { AccountsModule } from '@app/accounts';
import { RequestsModule } from '@app/requests';
import { SlaTimers } from '@app/sla';

@Module({ imports: [CoreModule, AccountsModule, RequestsModule], providers: [SlaTimers] })
class SlaBenchModule {}

export async function measureSlaReconciler(
  env: NodeJS.ProcessEnv,
): Promise<{ clocks: number; seconds: number; timers: number; timersPerGiB: number; listpackValue: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env, { QUEUE_PREFIX: 'bench-sla', LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const app = await NestFactory.createApplicationContext(SlaBenchModule, { logger: ['error'], abortOnError: false });
  try {
    const timers = app.get(SlaTimers);
    const redis = app.get<Redis>(REDIS);
    await timers.queue.obliterate({ force: true });
    // The figure depends on this Redis setting (see docker-compose.yml): the report names it.
    const [, listpackValue = 'unknown'] = (await redis.config('GET', 'hash-max-listpack-value').catch(() => [])) as string[];
    const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const started = process.hrtime.bigint();
    const clocks = await timers.reconcile();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const counts = await timers.queue.getJobCounts('delayed', 'waiting', 'active');
    const pending = counts.delayed + counts.waiting + counts.active;
    await timers.queue.obliterate({ force: true });
    return {
      clocks,
      seconds: Number(seconds.toFixed(2)),
      timers: pending,
      timersPerGiB: after > before ? Math.round((pending / (after - before)) * 2 ** 30) : 0,
      listpackValue,
    };
  } finally {
    await app.close();
    process.env = saved;
  }
}
