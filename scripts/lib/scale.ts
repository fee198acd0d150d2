/**
 * Beyond one machine (issue 24): the BUILT product as two API and two worker processes on one
 * PostgreSQL and one Redis of their own (the fault suite's rig, with a second instance of each),
 * and what must then still happen once: alerts and webhooks, claims, call-next, screen events
 * reaching a display attached to the other instance, SLA timers, the reconciler and the
 * periodic tasks. `npm run scale` (`-- --quick`), and test/e2e/scale/replicas.e2e-spec.ts.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { get, IncomingMessage } from 'node:http';
import { ChaosRig, ChaosSizes, chaosPorts, exited, flushAfterBurst, ScenarioResult, until } from './chaos';

const log = (msg: string) => process.stdout.write(`[scale] ${msg}\n`);

export interface ScaleSizes {
  /** Submissions spread over both APIs (each alert and webhook once). */
  submissions: number;
  /** Requests two agents claim at once through different APIs. */
  claims: number;
  /** Tickets two counters call through different APIs. */
  tickets: number;
  /** Requests whose SLA breaches while both workers run. */
  breaches: number;
  /** FLUSHALL after a burst of this many with both workers running. */
  burst: number;
}
export const SCALE_SHORT: ScaleSizes = { submissions: 1000, claims: 30, tickets: 40, breaches: 20, burst: 40 };
export const SCALE_FULL: ScaleSizes = { submissions: 5000, claims: 200, tickets: 300, breaches: 200, burst: 400 };

/** Ports from SCALE_PORT_BASE (default 24150): Redis, PostgreSQL, API A, receiver; API B at +4. */
export function scalePorts(base = Number(process.env.SCALE_PORT_BASE ?? 24150)) {
  return { ...chaosPorts(base), apiB: base + 4 };
}

/** The fault suite's rig with a second API (its own port) and a second worker. */
export class ScaleRig extends ChaosRig {
  readonly baseB: string;
  apiB?: ChildProcess;
  workerB?: ChildProcess;

  constructor(readonly scale = scalePorts()) {
    super(scale);
    this.baseB = `http://127.0.0.1:${scale.apiB}`;
  }

  get bases(): string[] {
    return [this.base, this.baseB];
  }

  override async start(extraEnv: NodeJS.ProcessEnv = {}, beforeApps?: () => Promise<void>): Promise<void> {
    await super.start(extraEnv, beforeApps);
    this.apiB = this.spawnApp('api', { PORT: String(this.scale.apiB) });
    this.workerB = this.spawnWorkerB();
    await until('API B ready', async () => (await fetch(`${this.baseB}/health/ready`)).ok, 60_000, 200);
  }

  override async stop(): Promise<void> {
    for (const p of [this.apiB, this.workerB]) p?.kill('SIGKILL');
    await Promise.all([this.apiB, this.workerB].filter(Boolean).map((p) => exited(p!)));
    await super.stop();
  }

  spawnWorkerB(): ChildProcess {
    return this.spawnApp('worker');
  }

  async killWorkerB(): Promise<void> {
    this.workerB?.kill('SIGKILL');
    if (this.workerB) await exited(this.workerB);
    this.workerB = undefined;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    return Number((await this.db.query(sql, params)).rows[0].n);
  }
}

const report = (name: string, counts: Record<string, number>, ok: boolean): ScenarioResult => {
  log(
    `${ok ? 'PASS' : 'FAIL'} ${name}: ${Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  return { name, counts, ok };
};

/** Submissions through both APIs, relayed and sent by both workers → each alert and webhook once. */
/**
 * Webhook attempts after a first one, for these requests' deliveries. Delivery is at least once:
 * a receiver whose answer did not reach us in time (a loaded machine) gets the retry too, and
 * dedupes on the event id. A receipt beyond one per event is only allowed where we recorded
 * such a retry; one without it would be a double send.
 */
async function retriedDeliveries(rig: Pick<ChaosRig, 'db'>, ids: string[]): Promise<number> {
  const r = await rig.db.query(
    `SELECT coalesce(sum(greatest(attempts - 1, 0)), 0)::int AS n FROM webhook_delivery WHERE payload->'data'->>'requestId' = ANY ($1::text[])`,
    [ids],
  );
  return Number(r.rows[0].n);
}

export async function alertsOnce(rig: ScaleRig, s: ScaleSizes): Promise<ScenarioResult> {
  const ids = await rig.submitMany(s.submissions, 8, rig.bases);
  const a = await rig.waitAlerts('alerts through two workers', ids, 300_000);
  const hooks = await until(
    'webhooks through two workers',
    async () => {
      const mine = rig.received.filter((e) => e.type === 'request.submitted' && ids.includes(e.requestId!));
      return new Set(mine.map((e) => e.id)).size === ids.length && mine;
    },
    300_000,
    500,
  );
  const relayedTwice = await rig.count(
    `SELECT count(*) - count(DISTINCT idempotency_key) AS n FROM notification WHERE request_id = ANY ($1::uuid[])`,
    [ids],
  );
  const retried = await retriedDeliveries(rig, ids);
  const distinctWebhooks = new Set(hooks.map((e) => e.id)).size;
  return report(
    '2 API + 2 workers: submissions spread over both',
    {
      submissions: ids.length,
      smsSent: a.sent,
      distinctSms: a.distinct,
      webhooks: hooks.length,
      distinctWebhooks,
      webhookRetries: retried,
      duplicateNotificationRows: relayedTwice,
    },
    a.sent === ids.length &&
      a.distinct === ids.length &&
      distinctWebhooks === ids.length &&
      hooks.length - distinctWebhooks <= retried &&
      relayedTwice === 0,
  );
}

/** Two agents claim each request at the same moment, one through each API → one winner, one 409. */
export async function claimsOneWinner(rig: ScaleRig, s: ScaleSizes): Promise<ScenarioResult> {
  const agent1 = await rig.login('agent1', 1, rig.base);
  const agent2 = await rig.login('agent2', 2, rig.baseB);
  const ids = await rig.submitMany(s.claims, 4, rig.bases);
  let winners = 0;
  let conflicts = 0;
  let other = 0;
  for (const id of ids) {
    const [a, b] = await Promise.all([
      rig.http('POST', `/api/v1/requests/${id}/claim`, agent1, undefined, {}, rig.base),
      rig.http('POST', `/api/v1/requests/${id}/claim`, agent2, undefined, {}, rig.baseB),
    ]);
    for (const r of [a, b]) {
      if (r.status === 200) winners++;
      else if (r.status === 409) conflicts++;
      else other++;
    }
  }
  const assigned = await rig.count(`SELECT count(*) AS n FROM service_request WHERE id = ANY ($1::uuid[]) AND assignee_id IS NOT NULL`, [
    ids,
  ]);
  const claimEvents = await rig.count(
    `SELECT count(*) AS n FROM request_event WHERE request_id = ANY ($1::uuid[]) AND to_state = 'in_review'`,
    [ids],
  );
  return report(
    'concurrent claims through two APIs',
    { requests: ids.length, winners, conflicts409: conflicts, otherStatuses: other, assigned, claimEvents },
    winners === ids.length && conflicts === ids.length && other === 0 && assigned === ids.length && claimEvents === ids.length,
  );
}

/** Display attached to API A; tickets called through API B by one counter and A by another → each called once, every call on the screen. */
export async function callNextAcrossInstances(rig: ScaleRig, s: ScaleSizes): Promise<ScenarioResult> {
  const reception = await rig.login('reception');
  const agent1 = await rig.login('agent1', 1, rig.base);
  const agent2 = await rig.login('agent2', 2, rig.baseB);
  const display = await rig.login('display');
  const screen = await openScreen(`${rig.base}/api/v1/screen/stream?access_token=${display}`);
  try {
    await until('screen connected', async () => screen.text().includes('connected'), 10_000, 50);
    const issued: string[] = [];
    for (let i = 0; i < s.tickets; i++) {
      const r = await rig.http('POST', '/api/v1/tickets', reception, { group: 'A' }, {}, rig.bases[i % 2]);
      if (r.status !== 201) throw new Error(`ticket ${r.status}`);
      issued.push(r.body.number);
    }
    const called: { number: string; via: string }[] = [];
    let others = 0;
    await Promise.all(
      [
        { token: agent1, counter: 1, base: rig.base },
        { token: agent2, counter: 2, base: rig.baseB },
      ].map(async (c) => {
        for (;;) {
          const r = await rig.http('POST', `/api/v1/counters/${c.counter}/call-next`, c.token, { groups: ['A'] }, {}, c.base);
          if (r.status === 404) return;
          if (r.status !== 200) {
            others++;
            return;
          }
          called.push({ number: r.body.number, via: c.base === rig.base ? 'A' : 'B' });
        }
      }),
    );
    const viaB = called.filter((c) => c.via === 'B').map((c) => c.number);
    // Every ticket called through B reached the screen attached to A.
    const seen = await until(
      'calls through B on the screen of A',
      async () => {
        const onScreen = screen.calledNumbers();
        return viaB.every((n) => onScreen.has(n)) && onScreen;
      },
      20_000,
      100,
    );
    const distinct = new Set(called.map((c) => c.number)).size;
    const calledTwice = await rig.count(
      `SELECT count(*) AS n FROM (SELECT ticket_id FROM ticket_event WHERE type = 'called' GROUP BY ticket_id HAVING count(*) > 1) x`,
    );
    return report(
      'call-next from two counters through two APIs, screen on A',
      {
        tickets: issued.length,
        called: called.length,
        distinct,
        viaA: called.length - viaB.length,
        viaB: viaB.length,
        viaBOnScreenOfA: viaB.filter((n) => seen.has(n)).length,
        otherStatuses: others,
        ticketsCalledTwice: calledTwice,
      },
      called.length === issued.length && distinct === issued.length && viaB.length > 0 && others === 0 && calledTwice === 0,
    );
  } finally {
    screen.close();
  }
}

/** Clocks past their due time with both workers running → one breach event and one alert per supervisor, per request. */
export async function slaOnce(rig: ScaleRig, s: ScaleSizes): Promise<ScenarioResult> {
  const ids = await rig.submitMany(s.breaches, 4, rig.bases);
  // Due a minute ago: the SLA reconciler (one worker, every SLA_RECONCILE_SECONDS) schedules the
  // breach at once; both workers take SLA jobs.
  await rig.db.query(
    `UPDATE service_request SET sla_warn_at = now() - interval '2 minutes', sla_due_at = now() - interval '1 minute' WHERE id = ANY ($1::uuid[])`,
    [ids],
  );
  const supervisors = await rig.count(
    `SELECT count(*) AS n FROM staff WHERE role = 'supervisor' AND active AND annex_id = (SELECT annex_id FROM service_request WHERE id = $1)`,
    [ids[0]],
  );
  await until(
    'every clock breached',
    async () =>
      (await rig.count(`SELECT count(*) AS n FROM service_request WHERE overdue AND id = ANY ($1::uuid[])`, [ids])) === ids.length,
    120_000,
    250,
  );
  const breached = await until(
    'breach alerts created',
    async () => {
      const n = await rig.count(
        `SELECT count(*) AS n FROM outbox_message WHERE topic = 'notify' AND payload->>'template' = 'sla.breach' AND payload->>'requestId' = ANY ($1::text[])`,
        [ids],
      );
      return n >= ids.length * supervisors && n;
    },
    120_000,
    250,
  );
  const events = await rig.count(`SELECT count(*) AS n FROM request_event WHERE type = 'sla.breached' AND request_id = ANY ($1::uuid[])`, [
    ids,
  ]);
  const warned = await rig.count(`SELECT count(*) AS n FROM request_event WHERE type = 'sla.at_risk' AND request_id = ANY ($1::uuid[])`, [
    ids,
  ]);
  return report(
    'SLA timers with two workers',
    { requests: ids.length, breachEvents: events, atRiskEvents: warned, supervisors, breachAlerts: breached },
    events === ids.length && warned <= ids.length && breached === ids.length * supervisors,
  );
}

/**
 * The periodic tasks run by one worker of the two: retention (every `retentionSeconds` in both)
 * ran about once per period, not twice, and every lease is held by one process.
 */
export async function periodicOnce(rig: ScaleRig, retentionSeconds: number): Promise<ScenarioResult> {
  await until(
    'a few retention runs',
    async () => (await rig.count(`SELECT count(*) AS n FROM retention_run WHERE NOT dry_run`)) >= 4,
    120_000,
    500,
  );
  const runs: Date[] = (await rig.db.query(`SELECT at FROM retention_run WHERE NOT dry_run ORDER BY at`)).rows.map((r) => new Date(r.at));
  const spanSeconds = (runs[runs.length - 1].getTime() - runs[0].getTime()) / 1000;
  // One runner starts a run at most once per period (ticks never overlap), so between the first
  // run's end and the last one's there are at most span/period + 1 (+1 for the first run's own
  // length) intervals; two runners would make about twice as many.
  const periods = spanSeconds / retentionSeconds;
  const leases = (await rig.db.query(`SELECT name, holder FROM periodic_lease ORDER BY name`)).rows as { name: string; holder: string }[];
  return report(
    'periodic tasks once across two workers',
    {
      retentionRuns: runs.length,
      spanSeconds: Math.round(spanSeconds),
      periodSeconds: retentionSeconds,
      periods: Math.round(periods * 10) / 10,
      leases: leases.length,
      leaseHolders: new Set(leases.map((l) => l.holder)).size,
    },
    runs.length - 1 <= periods + 2 && leases.length >= 4,
  );
}

/**
 * The worker holding the retention lease killed with SIGKILL: the other takes the lease over
 * once it expires (1.5 periods after the last renewal) and the runs go on; then the killed one
 * is started again.
 */
export async function leaseHandover(rig: ScaleRig, retentionSeconds: number): Promise<ScenarioResult> {
  const holderPid = async () =>
    Number(((await rig.db.query(`SELECT holder FROM periodic_lease WHERE name = 'RetentionJob'`)).rows[0]?.holder ?? '').split(':')[1]);
  const before = await holderPid();
  const killedA = before === rig.worker?.pid;
  if (!killedA && before !== rig.workerB?.pid) throw new Error(`the retention lease is held by pid ${before}, neither worker`);
  const survivor = killedA ? rig.workerB!.pid : rig.worker!.pid;
  const runsAtKill = await rig.count(`SELECT count(*) AS n FROM retention_run WHERE NOT dry_run`);
  await (killedA ? rig.kill('worker') : rig.killWorkerB());
  const killedAt = Date.now();
  const after = await until(
    'the lease taken over',
    async () => {
      const pid = await holderPid();
      return pid !== before && pid;
    },
    retentionSeconds * 6000,
    250,
  );
  const handoverSeconds = (Date.now() - killedAt) / 1000;
  const runsAfter = await until(
    'retention runs again',
    async () => {
      const n = await rig.count(`SELECT count(*) AS n FROM retention_run WHERE NOT dry_run`);
      return n >= runsAtKill + 2 && n;
    },
    retentionSeconds * 6000,
    250,
  );
  if (killedA) await rig.startWorker();
  else rig.workerB = rig.spawnWorkerB();
  return report(
    'the lease holder killed -9: the other worker takes over',
    {
      holderBefore: before,
      holderAfter: after,
      handoverSeconds: Math.round(handoverSeconds * 10) / 10,
      periodSeconds: retentionSeconds,
      runsAtKill,
      runsAfter,
    },
    after === survivor && runsAfter >= runsAtKill + 2,
  );
}

/** An SSE client of the display screen, keeping what it received. */
function openScreen(url: string): Promise<{ text(): string; calledNumbers(): Set<string>; close(): void }> {
  return new Promise((ok, fail) => {
    const chunks: string[] = [];
    const req = get(url, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return fail(new Error(`screen stream ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push(c));
      ok({
        text: () => chunks.join(''),
        calledNumbers: () => {
          const numbers = new Set<string>();
          for (const m of chunks.join('').matchAll(/event: ticket\.called\ndata: (.*)\n/g)) numbers.add(JSON.parse(m[1]).number);
          return numbers;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', () => undefined);
  });
}

/** Every scenario on one rig (2 API + 2 workers); returns the results. */
export async function runScale(sizes: ScaleSizes): Promise<ScenarioResult[]> {
  const retentionSeconds = 5;
  const rig = new ScaleRig();
  const results: ScenarioResult[] = [];
  try {
    await rig.start({ SLA_RECONCILE_SECONDS: '5', RETENTION_INTERVAL_SECONDS: String(retentionSeconds), METRICS_REFRESH_SECONDS: '5' });
    log(
      `rig: redis :${rig.ports.redis}, postgres :${rig.ports.postgres}, api :${rig.ports.api} and :${rig.scale.apiB}, 2 workers (sizes ${JSON.stringify(sizes)})`,
    );
    results.push(await alertsOnce(rig, sizes));
    results.push(await claimsOneWinner(rig, sizes));
    results.push(await callNextAcrossInstances(rig, sizes));
    results.push(await slaOnce(rig, sizes));
    results.push(await periodicOnce(rig, retentionSeconds));
    results.push(await leaseHandover(rig, retentionSeconds));
    // The reconciler after a flush, with the second worker running throughout (the first is
    // stopped and started again by the scenario).
    const burst: ChaosSizes = { alerts: 0, retried: 0, redisOutageSeconds: 0, burst: sizes.burst };
    results.push(await flushAfterBurst(rig, burst));
  } finally {
    await rig.stop();
  }
  return results;
}

/**
 * Redis high availability on loopback: a replica of the rig's redis-server and three sentinels
 * (quorum 2) watching it as `mymaster`, quick to act (down after 1 s).
 */
export class SentinelSet {
  private readonly procs: ChildProcess[] = [];
  constructor(
    private readonly dir: string,
    private readonly primaryPort: number,
    readonly replicaPort: number,
    readonly sentinelPorts: number[],
    readonly name = 'mymaster',
  ) {}

  get env(): NodeJS.ProcessEnv {
    return { REDIS_SENTINELS: this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','), REDIS_SENTINEL_NAME: this.name };
  }

  async start(): Promise<void> {
    this.procs.push(
      spawn(
        'redis-server',
        [
          '--port',
          String(this.replicaPort),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          this.dir,
          '--replicaof',
          '127.0.0.1',
          String(this.primaryPort),
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      ),
    );
    for (const port of this.sentinelPorts) {
      const conf = join(this.dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${this.dir}`,
          `sentinel monitor ${this.name} 127.0.0.1 ${this.primaryPort} 2`,
          `sentinel down-after-milliseconds ${this.name} 1000`,
          `sentinel failover-timeout ${this.name} 5000`,
          `sentinel parallel-syncs ${this.name} 1`,
        ].join('\n') + '\n',
      );
      this.procs.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    }
    for (const p of this.procs) process.once('exit', () => p.kill('SIGKILL'));
    await until(
      'replica in sync',
      async () => /master_link_status:up/.test(redisCli(this.replicaPort, 'INFO', 'replication')),
      20_000,
      100,
    );
    await until(
      'sentinels see the replica and each other',
      async () =>
        this.sentinelPorts.every((p) => {
          const info = redisCli(p, 'SENTINEL', 'MASTER', this.name);
          const field = (k: string) => Number(new RegExp(`^${k}\\n(\\d+)`, 'm').exec(info)?.[1] ?? 0);
          return field('num-slaves') >= 1 && field('num-other-sentinels') >= 2;
        }),
      30_000,
      200,
    );
  }

  /** The port the sentinels name as the primary now. */
  primary(): number {
    return Number(redisCli(this.sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name).split('\n')[1]);
  }

  async stop(): Promise<void> {
    for (const p of this.procs) p.kill('SIGKILL');
    await Promise.all(this.procs.map((p) => exited(p)));
  }
}

function redisCli(port: number, ...args: string[]): string {
  try {
    return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/**
 * Submissions while the Redis primary is killed (SIGKILL) and Sentinel promotes the replica:
 * every submission answered, every alert and webhook once, the primary moved.
 */
export async function sentinelFailover(rig: ChaosRig, sentinels: SentinelSet, submissions: number): Promise<ScenarioResult> {
  const before = sentinels.primary();
  const sending = rig.submitMany(submissions, 8);
  await until(
    'a third submitted',
    async () => (await rig.db.query(`SELECT count(*)::int AS n FROM service_request`)).rows[0].n >= submissions / 3,
    120_000,
    50,
  );
  await rig.redis.stop();
  const killedAt = Date.now();
  const promoted = await until(
    'the replica promoted',
    async () => sentinels.primary() === sentinels.replicaPort && sentinels.primary(),
    60_000,
    100,
  );
  const failoverSeconds = (Date.now() - killedAt) / 1000;
  const ids = await sending;
  const a = await rig.waitAlerts('alerts after the failover', ids, 240_000);
  const hooks = await until(
    'webhooks after the failover',
    async () => {
      const mine = rig.received.filter((e) => e.type === 'request.submitted' && ids.includes(e.requestId!));
      return new Set(mine.map((e) => e.id)).size === ids.length && mine;
    },
    240_000,
    500,
  );
  const retried = await retriedDeliveries(rig, ids);
  const distinctWebhooks = new Set(hooks.map((e) => e.id)).size;
  const first = await rig.http('GET', '/health/ready');
  if (first.status !== 200)
    log(`readiness after the failover: ${first.status} ${JSON.stringify(first.body?.details ?? first.body).slice(0, 300)}`);
  // The API's own command connection comes back through the sentinels by itself.
  const ready = (await until(
    'the API ready after the failover',
    async () => (await rig.http('GET', '/health/ready')).status === 200 && 200,
    30_000,
    250,
  ).catch(() => first.status)) as number;
  return report(
    'Redis primary killed under submissions, Sentinel fails over',
    {
      submissions: ids.length,
      primaryBefore: before,
      primaryAfter: promoted,
      failoverSeconds: Math.round(failoverSeconds * 10) / 10,
      smsSent: a.sent,
      distinctSms: a.distinct,
      webhooks: hooks.length,
      distinctWebhooks,
      webhookRetries: retried,
      readyAfter: ready,
    },
    promoted !== before &&
      a.sent === ids.length &&
      a.distinct === ids.length &&
      distinctWebhooks === ids.length &&
      hooks.length - distinctWebhooks <= retried &&
      ready === 200,
  );
}
