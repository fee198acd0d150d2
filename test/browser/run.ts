/**
 * Browser tests: starts the BUILT product (dist/apps/api, dist/apps/worker, the SPAs' dist folders) on a
 * fresh database of the configured PostgreSQL and on Redis, then runs every
 * test/browser/**\/*.browser.ts with node's test runner in Debian's Chromium.
 * Needs DATABASE_URL and REDIS_URL (npm test provides them) and a prior `npm run build`.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/services';
import { prepareDatabase } from '../support/databases';
import { CHROMIUM } from './support';

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    process.stdout.write('installing Debian chromium for browser tests…\n');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-hosny-amiri poppler-utils >/dev/null'], {
      stdio: 'inherit',
    });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
}

function findSpecs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? findSpecs(join(dir, e.name)) : e.name.endsWith('.browser.ts') ? [join(dir, e.name)] : [],
  );
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready`);
}

async function main(): Promise<number> {
  ensureChromium();
  for (const f of ['dist/apps/api/main.js', 'dist/apps/worker/main.js', 'apps/citizen-web/dist/index.html', 'apps/agent-web/dist/index.html']) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  }
  const base = process.env.DATABASE_URL;
  if (!base || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are required (npm test sets them)');
  const databaseUrl = await prepareDatabase(base, `${process.env.TEST_DB_PREFIX ?? 'annex_test'}_browser`);
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'annex-browser-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: 'browser',
    JWT_SECRET: process.env.JWT_SECRET ?? 'browser-tests-secret-0123456789-abcdefghij',
    PUBLIC_URL: `http://localhost:${port}`,
    SMS_PROVIDER: 'file',
    SMS_FILE: join(scratch, 'sms.jsonl'),
    UPLOAD_DIR: join(scratch, 'uploads'),
    RATE_LIMIT_PUBLIC_PER_MINUTE: '10000',
    BASE_URL: `http://localhost:${port}`,
  };
  const children = ['api', 'worker'].map((app) => spawn('node', [`dist/apps/${app}/main.js`], { env, stdio: ['ignore', 'inherit', 'inherit'] }));
  try {
    await waitReady(`http://localhost:${port}/health/ready`, children[0]);
    const specs = findSpecs(__dirname);
    const r = spawnSync('node', ['--test', '--test-concurrency=1', '--test-reporter=spec', '-r', '@swc-node/register', ...specs], { env, stdio: 'inherit' });
    return r.status ?? 1;
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
