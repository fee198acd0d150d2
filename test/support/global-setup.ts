import { ensureServices } from '../../scripts/lib/services';
import { prepareDatabase, recreateDatabase } from './databases';
import { TEST_DB_PREFIX, withRedisDb } from './env';

/**
 * Once per run: a template database with every migration applied and the demo data loaded,
 * then one clone per jest worker (CREATE DATABASE … TEMPLATE is a file copy: fast).
 */
export default async function globalSetup(config: { maxWorkers: number }): Promise<void> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    const services = await ensureServices({ dataRoot: '.data/test', database: 'postgres' });
    process.env.DATABASE_URL = services.DATABASE_URL;
    process.env.REDIS_URL = services.REDIS_URL;
    (globalThis as { __services?: unknown }).__services = services;
  }
  const base = process.env.DATABASE_URL;
  const tpl = `${TEST_DB_PREFIX}_tpl`;
  await prepareDatabase(base, tpl);
  // Each jest worker: a fresh database, and an empty Redis database (queues and job ids of an
  // earlier run must not meet this run's rows).
  const { default: IORedis } = await import('ioredis');
  for (let w = 1; w <= Math.max(1, config.maxWorkers); w++) {
    await recreateDatabase(base, `${TEST_DB_PREFIX}_w${w}`, tpl);
    const redis = new IORedis(withRedisDb(process.env.REDIS_URL, w % 16), { maxRetriesPerRequest: 1 });
    await redis.flushdb();
    redis.disconnect();
  }
}
