/**
 * The fault suite (`npm run chaos`, and its short form in test/e2e/chaos): the BUILT product on
 * its own redis-server and its own PostgreSQL (initdb/pg_ctl into a temporary folder), never a
 * shared server, and the faults production meets: processes killed with SIGKILL, Redis stopped
 * or flushed, PostgreSQL restarted, the PDF fonts missing. Each scenario prints its counts and
 * returns them; the callers assert.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { localSecrets } from './secrets';
import { commandOrDebianPackage } from './services';

const PG_BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = join(__dirname, '..', '..');
const log = (msg: string) => process.stdout.write(`[chaos] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosSizes {
  /** Alerts (one per submission) sent while the worker is killed three times. */
  alerts: number;
  /** Submissions with client retries while the API is killed. */
  retried: number;
  /** Seconds Redis is stopped while citizens submit. */
  redisOutageSeconds: number;
  /** Submissions (and their alerts and webhooks) before FLUSHALL; a tenth are approved (certificates). */
  burst: number;
}
export const SHORT: ChaosSizes = { alerts: 100, retried: 20, redisOutageSeconds: 5, burst: 40 };
export const FULL: ChaosSizes = { alerts: 1000, retried: 200, redisOutageSeconds: 30, burst: 400 };

/**
 * Ports from CHAOS_PORT_BASE (default 24140): Redis, PostgreSQL, API, webhook receiver. Fixed ports
 * sit below Linux's ephemeral range (32768-60999): there a client socket of any parallel test may
 * hold the port (seen: EADDRINUSE on a clean CI run).
 */
export function chaosPorts(base = Number(process.env.CHAOS_PORT_BASE ?? 24140)) {
  return { redis: base, postgres: base + 1, api: base + 2, receiver: base + 3 };
}

/** Polls until `check` returns something truthy; throws with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 120_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

export const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((ok) => c.once('exit', () => ok()));

/** A redis-server of our own, without persistence (a restart loses its data, as the issue saw). */
export class OwnRedis {
  private proc?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--maxmemory-policy',
        'noeviction',
      ],
      {
        stdio: 'ignore',
      },
    );
    await until('redis-server up', async () => this.cli('PING') === 'PONG', 10_000, 100);
  }
  cli(...args: string[]): string {
    return execFileSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  }
  async stop(): Promise<void> {
    if (!this.proc) return;
    this.proc.kill('SIGKILL');
    await exited(this.proc);
    this.proc = undefined;
  }
}

/** A PostgreSQL cluster of our own in a temporary folder (initdb as the postgres user when root). */
export class OwnPostgres {
  constructor(
    readonly port: number,
    protected readonly dir: string,
    protected readonly data = join(dir, 'pgdata'),
  ) {}
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/annex`;
  }
  protected run(bin: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? 'runuser' : join(PG_BIN, bin);
    const argv = asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args;
    execFileSync(cmd, argv, { stdio: 'ignore' });
  }
  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o777);
      execFileSync('chown', ['postgres', this.dir]);
    }
    this.run('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await this.start();
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await c.connect();
    await c.query('CREATE DATABASE annex');
    await c.end();
  }
  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-w',
      '-l',
      join(this.dir, `pg-${this.port}.log`),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`,
      'start',
    ]);
  }
  async stop(): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-w', '-m', 'fast', 'stop']);
  }
}

/**
 * PgBouncer in transaction mode on loopback (the Debian package, installed when missing and we
 * are root): one pooled database name per target, `name → port` (all on 127.0.0.1, database annex).
 */
export class OwnPgBouncer {
  private proc?: ChildProcess;
  private readonly home: string;
  constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly targets: Record<string, number>,
  ) {
    this.home = join(dir, `pgbouncer-${port}`);
  }
  url(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }
  async start(): Promise<void> {
    const bin = commandOrDebianPackage('pgbouncer', 'pgbouncer');
    if (!bin) throw new Error('pgbouncer is needed: `apt-get install pgbouncer` (Debian/Ubuntu), `brew install pgbouncer` (macOS)');
    mkdirSync(this.home, { recursive: true });
    // Readable by the postgres user it runs as (when we are root).
    chmodSync(this.dir, 0o777);
    chmodSync(this.home, 0o777);
    const ini = join(this.home, 'pgbouncer.ini');
    writeFileSync(join(this.home, 'userlist.txt'), '"postgres" ""\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        ...Object.entries(this.targets).map(([name, port]) => `${name} = host=127.0.0.1 port=${port} dbname=annex user=postgres`),
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        'admin_users = postgres',
        `auth_file = ${join(this.home, 'userlist.txt')}`,
        'pool_mode = transaction',
        'max_client_conn = 500',
        'default_pool_size = 20',
        'server_reset_query =',
        // A stopped server fails the clients waiting for it in seconds, not two minutes.
        'query_wait_timeout = 5',
        'server_login_retry = 1',
        `logfile = ${join(this.home, 'pgbouncer.log')}`,
      ].join('\n') + '\n',
    );
    // PgBouncer refuses to run as root.
    const asRoot = process.getuid?.() === 0;
    // In a process group of its own, so stopping it reaches pgbouncer under runuser too.
    this.proc = spawn(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ini] : [ini], { stdio: 'ignore', detached: true });
    const group = this.proc.pid!;
    process.once('exit', () => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        /* gone */
      }
    });
    // Listening is enough: it connects to its servers when a client needs them.
    await until(
      'pgbouncer up',
      () =>
        new Promise<boolean>((ok) => {
          const sock = connect(this.port, '127.0.0.1', () => ok(true)).on('error', () => ok(false));
          sock.unref();
          setTimeout(() => sock.destroy(), 500).unref();
        }),
      10_000,
      100,
    );
  }
  /** Transactions it has pooled per database name (its admin console's SHOW STATS). */
  async transactions(): Promise<Record<string, number>> {
    const c = new Client({ connectionString: this.url('pgbouncer') });
    await c.connect();
    try {
      const { rows } = await c.query('SHOW STATS');
      return Object.fromEntries(rows.map((r) => [r.database as string, Number(r.total_xact_count)]));
    } finally {
      await c.end();
    }
  }

  async stop(): Promise<void> {
    if (!this.proc) return;
    const done = exited(this.proc);
    try {
      process.kill(-this.proc.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
    await done;
    this.proc = undefined;
  }
}

/**
 * A streaming replica of an OwnPostgres: `pg_basebackup -R` (standby.signal and the primary's
 * address written for it) into its own folder, started on its own port as a hot standby.
 */
export class OwnStandby extends OwnPostgres {
  constructor(
    port: number,
    dir: string,
    private readonly primaryPort: number,
  ) {
    super(port, dir, join(dir, `standby-${port}`));
  }
  override async init(): Promise<void> {
    this.run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.primaryPort),
      '-U',
      'postgres',
      '-D',
      this.data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await this.start();
  }
  /** Pauses (or resumes) WAL replay: the standby keeps answering, with what it had. */
  async replay(on: boolean): Promise<void> {
    const c = new Client({ connectionString: this.url });
    await c.connect();
    await c.query(on ? 'SELECT pg_wal_replay_resume()' : 'SELECT pg_wal_replay_pause()');
    await c.end();
  }
}

interface Http {
  status: number;
  body: any;
  headers: Headers;
}

/** The environment: our servers, the built API and worker as child processes, a webhook receiver. */
export class ChaosRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'annex-chaos-'));
  readonly ports: ReturnType<typeof chaosPorts>;
  readonly redis: OwnRedis;
  readonly pg: OwnPostgres;
  readonly base: string;
  readonly smsFile = join(this.dir, 'sms.jsonl');
  constructor(ports = chaosPorts()) {
    this.ports = ports;
    this.redis = new OwnRedis(ports.redis, this.dir);
    this.pg = new OwnPostgres(ports.postgres, this.dir);
    this.base = `http://127.0.0.1:${ports.api}`;
  }
  db!: Client;
  api?: ChildProcess;
  worker?: ChildProcess;
  received: { id: string; type: string; requestId?: string }[] = [];
  private receiverServer?: Server;
  protected env: NodeJS.ProcessEnv = {};
  private citizen = '';
  private agent = '';

  /** `beforeApps`: runs once Redis is up, before the API and the worker start (e.g. sentinels). */
  async start(extraEnv: NodeJS.ProcessEnv = {}, beforeApps?: () => Promise<void>): Promise<void> {
    if (!existsSync(join(ROOT, 'dist/apps/api/main.js'))) throw new Error('the chaos suite runs the production build: npm run build first');
    await this.redis.start();
    await beforeApps?.();
    await this.pg.init();
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(this.ports.api),
      DATABASE_URL: this.pg.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: 'chaos',
      ...localSecrets(join(this.dir, 'secrets')),
      PUBLIC_URL: this.base,
      SMS_PROVIDER: 'file',
      SMS_FILE: this.smsFile,
      UPLOAD_DIR: join(this.dir, 'uploads'),
      WEB_DIST_DIR: join(this.dir, 'no-web'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
      RECONCILE_SECONDS: '2',
      RECONCILE_GRACE_SECONDS: '3',
      WEBHOOK_BACKOFF_MS: '200',
      // Production refuses loopback webhooks; the suite's receiver is opened explicitly.
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      CERT_RENDER_BACKOFF_MS: '500',
      ...extraEnv,
    };
    // Migrations and the demo data straight to the primary, even when the apps go through a pooler.
    const direct = { ...process.env, ...this.env, DATABASE_URL: this.pg.url };
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts', 'run'], { cwd: ROOT, env: direct, stdio: 'ignore' });
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/seed-demo.ts'], { cwd: ROOT, env: direct, stdio: 'ignore' });
    this.db = new Client({ connectionString: this.pg.url });
    this.db.on('error', () => undefined);
    await this.db.connect();
    await this.startReceiver();
    await this.startApi();
    await this.startWorker();
    this.citizen = await this.login('BK123456');
    this.agent = await this.login('agent1', 1);
  }

  async stop(): Promise<void> {
    for (const p of [this.api, this.worker]) if (p) p.kill('SIGKILL');
    await Promise.all([this.api, this.worker].filter(Boolean).map((p) => exited(p!)));
    await this.db?.end().catch(() => undefined);
    this.receiverServer?.close();
    await this.pg.stop().catch(() => undefined);
    await this.redis.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  protected spawnApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv = {}): ChildProcess {
    const p = spawn(process.execPath, [`dist/apps/${app}/main.js`], {
      cwd: ROOT,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    process.once('exit', () => p.kill('SIGKILL'));
    return p;
  }

  async startApi(): Promise<void> {
    this.api = this.spawnApp('api');
    await until('API ready', async () => (await fetch(`${this.base}/health/ready`)).ok, 60_000, 200);
  }

  async startWorker(env: NodeJS.ProcessEnv = {}): Promise<void> {
    this.worker = this.spawnApp('worker', env);
  }

  async kill(which: 'api' | 'worker'): Promise<void> {
    const p = this[which];
    if (!p) return;
    p.kill('SIGKILL');
    await exited(p);
    this[which] = undefined;
  }

  private async startReceiver(): Promise<void> {
    this.receiverServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const e = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        this.received.push({ id: e.id, type: e.type, requestId: e.data?.requestId });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => this.receiverServer!.listen(this.ports.receiver, '127.0.0.1', ok));
    // Registered in the table: the API refuses loopback webhook URLs in production, rightly.
    const [p] = (await this.db.query(`INSERT INTO partner (name, scopes) VALUES ('Chaos receiver', '{webhooks:manage}') RETURNING id`))
      .rows;
    await this.db.query(`INSERT INTO webhook_subscription (partner_id, url, event_types, secret) VALUES ($1, $2, $3, 'whsec_chaos')`, [
      p.id,
      `http://127.0.0.1:${this.ports.receiver}/hooks`,
      ['request.submitted', 'certificate.issued'],
    ]);
  }

  /** One call to the API at `base` (the first instance unless told). */
  async http(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
    base = this.base,
  ): Promise<Http> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(login: string, counter?: number, base = this.base): Promise<string> {
    const r = await this.http(
      'POST',
      '/api/v1/auth/login',
      undefined,
      { login, password: process.env.DEMO_PASSWORD || 'Annexe2026!', ...(counter ? { counter } : {}) },
      {},
      base,
    );
    if (r.status !== 200) throw new Error(`login ${login}: ${r.status}`);
    return r.body.accessToken;
  }

  /** One submission; retried with the same Idempotency-Key until an answer (what the citizen app does). */
  async submit(key = randomUUID(), retryMs = 120_000, base = this.base): Promise<{ id: string; status: number; tries: number }> {
    let tries = 0;
    const r = await until(
      'submission answered',
      async () => {
        tries++;
        const res = await this.http(
          'POST',
          '/api/v1/requests',
          this.citizen,
          { procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } },
          { 'idempotency-key': key },
          base,
        );
        return (res.status === 201 || res.status === 200) && res;
      },
      retryMs,
      100,
    );
    return { id: r.body.id, status: r.status, tries };
  }

  /** One attempt, whatever the answer. */
  async submitOnce(): Promise<{ id?: string; status: number }> {
    const res = await this.http(
      'POST',
      '/api/v1/requests',
      this.citizen,
      { procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } },
      { 'idempotency-key': randomUUID() },
    ).catch(() => ({ status: 0, body: {} }) as Http);
    return { id: res.body?.id, status: res.status };
  }

  /** `n` submissions from `concurrency` clients, spread over the API instances at `bases`. */
  async submitMany(n: number, concurrency = 8, bases = [this.base]): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next++;
          ids.push((await this.submit(undefined, undefined, bases[next % bases.length])).id);
        }
      }),
    );
    return ids;
  }

  async approve(id: string): Promise<void> {
    const claim = await this.http('POST', `/api/v1/requests/${id}/claim`, this.agent);
    if (claim.status !== 200) throw new Error(`claim ${claim.status}`);
    const r = await this.http('POST', `/api/v1/requests/${id}/transitions`, this.agent, { to: 'approved', version: claim.body.version });
    if (r.status !== 200) throw new Error(`approve ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** SMS lines in the file sink for `request.received` of these requests' alerts: total and distinct. */
  async alertsSent(ids: string[]): Promise<{ expected: number; sent: number; distinct: number }> {
    const keys = (
      await this.db.query(
        `SELECT idempotency_key FROM notification WHERE template = 'request.received' AND request_id = ANY ($1::uuid[])`,
        [ids],
      )
    ).rows.map((r) => r.idempotency_key as string);
    const want = new Set(keys);
    const lines = existsSync(this.smsFile)
      ? readFileSync(this.smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).idempotencyKey as string)
      : [];
    const mine = lines.filter((k) => want.has(k));
    return { expected: ids.length, sent: mine.length, distinct: new Set(mine).size };
  }

  async waitAlerts(what: string, ids: string[], timeoutMs = 180_000) {
    return until(
      what,
      async () => {
        const a = await this.alertsSent(ids);
        return a.distinct === a.expected && a;
      },
      timeoutMs,
      500,
    );
  }
}

export interface ScenarioResult {
  name: string;
  counts: Record<string, number>;
  ok: boolean;
}

const report = (name: string, counts: Record<string, number>, ok: boolean): ScenarioResult => {
  log(
    `${ok ? 'PASS' : 'FAIL'} ${name}: ${Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  return { name, counts, ok };
};

/** Worker kill -9 three times while alerts flow → each alert sent once. */
export async function workerKills(rig: ChaosRig, s: ChaosSizes): Promise<ScenarioResult> {
  const sending = rig.submitMany(s.alerts);
  for (let k = 0; k < 3; k++) {
    await sleep(700);
    await rig.kill('worker');
    await sleep(300);
    await rig.startWorker();
  }
  const ids = await sending;
  const a = await rig.waitAlerts('alerts after worker kills', ids);
  return report(
    'worker kill -9 x3 during alerts',
    { submitted: ids.length, alerts: a.expected, smsSent: a.sent, distinct: a.distinct },
    a.sent === a.expected && a.distinct === a.expected,
  );
}

/** API kill -9 mid-submission; clients retry with their key → one request per key. */
export async function apiKills(rig: ChaosRig, s: ChaosSizes): Promise<ScenarioResult> {
  const keys = Array.from({ length: s.retried }, () => randomUUID());
  const answers = Promise.all(keys.map((k, i) => sleep(i * 20).then(() => rig.submit(k))));
  await sleep(150);
  await rig.kill('api');
  await sleep(500);
  await rig.startApi();
  const done = await answers;
  const ids = new Set(done.map((d) => d.id));
  const rows = (await rig.db.query(`SELECT count(*)::int AS n FROM service_request WHERE id = ANY ($1::uuid[])`, [[...ids]])).rows[0].n;
  const retries = done.reduce((a, d) => a + d.tries - 1, 0);
  return report(
    'API kill -9 mid-submission with client retries',
    { keys: keys.length, distinctRequests: ids.size, rows, retries },
    ids.size === keys.length && rows === keys.length,
  );
}

/** Redis stopped (its data lost) under submissions → accepted, live 200, ready 503; every alert after. */
export async function redisOutage(rig: ChaosRig, s: ChaosSizes): Promise<ScenarioResult> {
  await rig.redis.stop();
  const started = Date.now();
  const statuses: number[] = [];
  const ids: string[] = [];
  let live = 0;
  let ready503 = 0;
  while (Date.now() - started < s.redisOutageSeconds * 1000) {
    const r = await rig.submitOnce();
    statuses.push(r.status);
    if (r.id) ids.push(r.id);
    if ((await rig.http('GET', '/health/live')).status === 200) live++;
    if ((await rig.http('GET', '/health/ready')).status === 503) ready503++;
    await sleep(100);
  }
  await rig.redis.start();
  const a = await rig.waitAlerts('alerts after the Redis outage', ids);
  const probes = statuses.length;
  return report(
    `Redis stopped ${s.redisOutageSeconds} s under submissions`,
    {
      submissions: probes,
      accepted: statuses.filter((x) => x === 201).length,
      live200: live,
      ready503,
      alerts: a.expected,
      smsSent: a.sent,
      distinct: a.distinct,
    },
    statuses.every((x) => x === 201) && live === probes && ready503 === probes && a.sent === a.expected && a.distinct === a.expected,
  );
}

/** FLUSHALL right after a burst → every alert, webhook and certificate done once. */
export async function flushAfterBurst(rig: ChaosRig, s: ChaosSizes): Promise<ScenarioResult> {
  // The burst piles up in the outbox while the worker is away; its relay then moves it into
  // Redis in a second or two, and FLUSHALL hits while most jobs are still waiting there.
  await rig.kill('worker');
  const ids = await rig.submitMany(s.burst);
  const toApprove = ids.slice(0, Math.max(1, Math.floor(s.burst / 10)));
  for (const id of toApprove) await rig.approve(id);
  await rig.startWorker();
  await until(
    'burst relayed',
    async () => (await rig.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE relayed_at IS NULL`)).rows[0].n === 0,
    60_000,
    20,
  );
  rig.redis.cli('FLUSHALL');
  const lost = async () => ({
    alerts:
      ids.length -
      (
        await rig.db.query(
          `SELECT count(DISTINCT request_id)::int AS n FROM notification WHERE template = 'request.received' AND request_id = ANY ($1::uuid[])`,
          [ids],
        )
      ).rows[0].n,
    certificates: (
      await rig.db.query(`SELECT count(*)::int AS n FROM certificate WHERE status = 'pending' AND request_id = ANY ($1::uuid[])`, [
        toApprove,
      ])
    ).rows[0].n,
  });
  const atFlush = await lost();
  const a = await rig.waitAlerts('alerts after FLUSHALL', ids, 240_000);
  const events = await until(
    'webhooks after FLUSHALL',
    async () => {
      const submitted = rig.received.filter((e) => e.type === 'request.submitted' && ids.includes(e.requestId!));
      const issued = rig.received.filter((e) => e.type === 'certificate.issued' && toApprove.includes(e.requestId!));
      return (
        new Set(submitted.map((e) => e.id)).size === ids.length &&
        new Set(issued.map((e) => e.id)).size === toApprove.length && { submitted, issued }
      );
    },
    240_000,
    500,
  );
  const certs = (
    await rig.db.query(`SELECT count(*)::int AS n FROM certificate WHERE status = 'issued' AND request_id = ANY ($1::uuid[])`, [toApprove])
  ).rows[0].n;
  const ready = (
    await rig.db.query(`SELECT count(*)::int AS n FROM service_request WHERE state = 'ready_for_pickup' AND id = ANY ($1::uuid[])`, [
      toApprove,
    ])
  ).rows[0].n;
  const dupWebhooks =
    events.submitted.length -
    new Set(events.submitted.map((e) => e.id)).size +
    events.issued.length -
    new Set(events.issued.map((e) => e.id)).size;
  return report(
    'FLUSHALL after a burst',
    {
      submissions: ids.length,
      alertsUnsentAtFlush: atFlush.alerts,
      certificatesPendingAtFlush: atFlush.certificates,
      smsSent: a.sent,
      distinctSms: a.distinct,
      webhooksSubmitted: events.submitted.length,
      certificates: toApprove.length,
      issued: certs,
      readyForPickup: ready,
      certificateWebhooks: events.issued.length,
      duplicateWebhooks: dupWebhooks,
    },
    a.sent === ids.length && a.distinct === ids.length && certs === toApprove.length && ready === toApprove.length && dupWebhooks === 0,
  );
}

/** PostgreSQL restarted → 503 problem+json with Retry-After, then answers again without an API restart. */
export async function postgresRestart(rig: ChaosRig): Promise<ScenarioResult> {
  await rig.pg.stop();
  const during = await rig.http('GET', '/api/v1/procedures');
  const readyDuring = await rig.http('GET', '/health/ready');
  const liveDuring = await rig.http('GET', '/health/live');
  await rig.pg.start();
  const after = await until(
    'API answers after PostgreSQL is back',
    async () => {
      const r = await rig.http('GET', '/api/v1/procedures');
      return r.status === 200 && r;
    },
    60_000,
    250,
  );
  await rig.db.end().catch(() => undefined);
  rig.db = new Client({ connectionString: rig.pg.url });
  rig.db.on('error', () => undefined);
  await rig.db.connect();
  const submitted = await rig.submit();
  const ok =
    during.status === 503 &&
    during.headers.get('content-type')?.startsWith('application/problem+json') === true &&
    during.headers.get('retry-after') !== null &&
    readyDuring.status === 503 &&
    liveDuring.status === 200 &&
    after.status === 200 &&
    submitted.status === 201;
  return report(
    'PostgreSQL restarted',
    {
      statusDuring: during.status,
      retryAfter: Number(during.headers.get('retry-after')),
      readyDuring: readyDuring.status,
      liveDuring: liveDuring.status,
      statusAfter: after.status,
      submitAfter: submitted.status,
    },
    ok,
  );
}

/** The worker without a browser, then with one → the certificate rendered once. */
export async function renderWithoutBrowser(rig: ChaosRig): Promise<ScenarioResult> {
  await rig.kill('worker');
  // Certificates are drawn without a browser: no fonts is what makes their render fail now.
  await rig.startWorker({ FONTS_DIR: '/nonexistent/fonts' });
  const { id } = await rig.submit();
  await rig.approve(id);
  const failedAttempts = await until(
    'render attempts fail without a browser',
    async () => {
      const r = await rig.db.query(`SELECT status FROM certificate WHERE request_id = $1`, [id]);
      const fails = Number(rig.redis.cli('HGET', `chaos:certificates:${await jobIdOf(rig, id)}`, 'atm') || 0);
      return r.rows[0]?.status === 'pending' && fails >= 2 && fails;
    },
    60_000,
    250,
  );
  await rig.kill('worker');
  await rig.startWorker();
  await until(
    'certificate issued once the browser is back',
    async () => {
      const r = await rig.db.query(`SELECT state FROM service_request WHERE id = $1`, [id]);
      return r.rows[0].state === 'ready_for_pickup';
    },
    120_000,
    250,
  );
  const issued = (await rig.db.query(`SELECT count(*)::int AS n FROM certificate WHERE request_id = $1 AND status = 'issued'`, [id]))
    .rows[0].n;
  const events = (
    await rig.db.query(
      `SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'event' AND payload->>'type' = 'certificate.issued' AND payload->'data'->>'requestId' = $1`,
      [id],
    )
  ).rows[0].n;
  return report(
    'render with no browser, then the browser back',
    { failedAttempts, issued, issuedEvents: events },
    issued === 1 && events === 1,
  );
}

async function jobIdOf(rig: ChaosRig, requestId: string): Promise<string> {
  const r = await rig.db.query(
    `SELECT 'outbox-' || o.id || '-' || floor(extract(epoch FROM o.created_at) * 1000)::bigint AS job_id FROM certificate c
       JOIN outbox_message o ON o.idempotency_key = 'certificate-render:' || c.number WHERE c.request_id = $1`,
    [requestId],
  );
  return r.rows[0]?.job_id ?? 'none';
}

/** Every scenario in order on one rig; returns the results (the caller decides the exit code). */
export async function runChaos(sizes: ChaosSizes): Promise<ScenarioResult[]> {
  const rig = new ChaosRig();
  const results: ScenarioResult[] = [];
  try {
    await rig.start();
    log(`rig: redis :${rig.ports.redis}, postgres :${rig.ports.postgres}, api :${rig.ports.api} (sizes ${JSON.stringify(sizes)})`);
    results.push(await workerKills(rig, sizes));
    results.push(await apiKills(rig, sizes));
    results.push(await redisOutage(rig, sizes));
    results.push(await flushAfterBurst(rig, sizes));
    results.push(await postgresRestart(rig));
    results.push(await renderWithoutBrowser(rig));
  } finally {
    await rig.stop();
  }
  return results;
}
