import { TEST_DB_PREFIX, TEST_JWT_SECRET, withDatabase, withRedisDb } from './env';

// Runs in each jest worker before its test files: its own database, Redis db and queue prefix.
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
if (process.env.DATABASE_URL && !process.env.TEST_BASE_DATABASE_URL) process.env.TEST_BASE_DATABASE_URL = process.env.DATABASE_URL;
if (process.env.REDIS_URL && !process.env.TEST_BASE_REDIS_URL) process.env.TEST_BASE_REDIS_URL = process.env.REDIS_URL;
const baseDb = process.env.TEST_BASE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const baseRedis = process.env.TEST_BASE_REDIS_URL ?? 'redis://127.0.0.1:6379';
process.env.DATABASE_URL = withDatabase(baseDb, `${TEST_DB_PREFIX}_w${worker}`);
process.env.REDIS_URL = withRedisDb(baseRedis, worker % 16);
process.env.QUEUE_PREFIX = `${TEST_DB_PREFIX}${worker}`;
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= TEST_JWT_SECRET;
process.env.WEB_DIST_DIR ??= 'apps';
process.env.RATE_LIMIT_PUBLIC_PER_MINUTE ??= '1000';
// Every test signs in from 127.0.0.1: the per-address count would soon hold the next file back.
process.env.LOGIN_FAILURES_PER_IP ??= '100000';
// Load shedding measures the process it runs in: here a jest worker (many apps and files in one
// heap) on a shared machine, not an API. Off unless a test turns a threshold on (load-shedding.e2e-spec.ts).
process.env.LOAD_SHED_EVENT_LOOP_DELAY_MS ??= '0';
process.env.LOAD_SHED_HEAP_MB ??= '0';
process.env.LOAD_SHED_RSS_MB ??= '0';
