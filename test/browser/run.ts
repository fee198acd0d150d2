/**
 * Browser tests: starts the BUILT product (dist/apps/api, dist/apps/worker, the SPAs' dist folders) on a
 * fresh database of the configured PostgreSQL and on Redis, then runs every
 * test/browser/**\/*.browser.ts with node's test runner in Debian's Chromium.
 * Arguments filter the specs by path. Needs DATABASE_URL and REDIS_URL (npm test provides them) and a prior `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from '../../scripts/lib/chromium';
import { startProduct } from '../../scripts/lib/product';
import { prepareDatabase } from '../support/databases';
import { TEST_JWT_SECRET } from '../support/env';

function findSpecs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? findSpecs(join(dir, e.name)) : e.name.endsWith('.browser.ts') ? [join(dir, e.name)] : [],
  );
}

async function main(): Promise<number> {
  ensureChromium();
  for (const f of [
    'dist/apps/api/main.js',
    'dist/apps/worker/main.js',
    'apps/citizen-web/dist/index.html',
    'apps/agent-web/dist/index.html',
  ]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  }
  const base = process.env.DATABASE_URL;
  if (!base || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are required (npm test sets them)');
  const databaseUrl = await prepareDatabase(base, `${process.env.TEST_DB_PREFIX ?? 'annex_test'}_browser`);
  const product = await startProduct({
    databaseUrl,
    redisUrl: process.env.REDIS_URL,
    queuePrefix: 'browser',
    // Aggregates refreshed every 5 s, so the dashboard test compares populated figures; appointment reminders swept every 3 s;
    // no shedding by event-loop delay (what it would measure here is the shared machine's load).
    // The test database's admin and supervisor have TOTP secrets sealed with the test JWT secret.
    env: {
      JWT_SECRET: process.env.JWT_SECRET || TEST_JWT_SECRET,
      RATE_LIMIT_PUBLIC_PER_MINUTE: '10000',
      LOGIN_FAILURES_PER_IP: '100000',
      METRICS_REFRESH_SECONDS: '5',
      APPOINTMENT_SWEEP_SECONDS: '3',
      LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
    },
  });
  try {
    // `node -r @swc-node/register test/browser/run.ts agent` runs only the specs whose path contains "agent".
    const filters = process.argv.slice(2);
    const specs = findSpecs(__dirname).filter((f) => !filters.length || filters.some((x) => f.includes(x)));
    const r = spawnSync('node', ['--test', '--test-concurrency=1', '--test-reporter=spec', '-r', '@swc-node/register', ...specs], {
      env: product.env,
      stdio: 'inherit',
    });
    return r.status ?? 1;
  } finally {
    await product.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
