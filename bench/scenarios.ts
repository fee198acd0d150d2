/** What the bench measures: HTTP endpoints (each against a baseline) and pipelines. */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { freePort } from '../scripts/lib/services';
import { signInAsDevice } from '../test/support/second-factor';
import { HttpResult, load, Req, settle, startNode, waitHttp } from './lib';

export interface BenchContext {
  base: string;
  /** Messages the local SMTP sink received so far. */
  mailsReceived: () => number;
  pool: Pool;
  databaseUrl: string;
  quick: boolean;
  connections: number;
  seconds: number;
  env: NodeJS.ProcessEnv;
  /** The API's and the worker's process ids (CPU per agent-minute). */
  pids: number[];
}

export interface Scenario {
  name: string;
  /** Which same-run baseline the ratio is against. */
  baseline: 'http' | 'pg' | 'pgbench-select' | 'pgbench-update';
  prepare?(ctx: BenchContext): Promise<void>;
  /** Runs right before this scenario's load (after the earlier scenarios changed the data). */
  before?(ctx: BenchContext): Promise<void>;
  /** Stop after this many requests (for scenarios that consume their data, like a claim). */
  amount?(): number;
  request(ctx: BenchContext): () => Req;
  /** For the bare node+pg baseline: the row the product reads, and keys to read. */
  baselineSql?: string;
  baselineKeys?(ctx: BenchContext): Promise<string[]>;
  target?: { text: string; check(r: HttpResult & { ratio: number | null }): boolean };
}

export interface Pipeline {
  name: string;
  unit: string;
  run(ctx: BenchContext): Promise<{ name: string; value: number | null; unit: string; target?: string; met?: boolean; note?: string }>;
}

const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Annexe2026!';

/** Signs in (admin and supervisor with the test app's second-factor code, as the test databases enrol them). */
export async function token(ctx: Pick<BenchContext, 'base' | 'databaseUrl'>, login: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${ctx.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  };
  const r = await signInAsDevice(post, `${ctx.base}|${ctx.databaseUrl}`, { login, password: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`bench login ${login}: ${r.status}`);
  return (r.body as { accessToken: string }).accessToken;
}

const rotate = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};

let tracking: { code: string; cin: string }[] = [];
let citizenTokens: string[] = [];
let agentToken = '';
let supervisorToken = '';
let submitted: string[] = [];
let requestIds: string[] = [];
let signedIn: { cin: string; token: string }[] = [];
/** Unassigned requests of the signed-in citizens: read by the agent (an access event) and by their owner (none). */
let owned: { id: string; token: string }[] = [];
async function ownedRequests(ctx: BenchContext): Promise<void> {
  if (owned.length) return;
  const tokens = new Map(signedIn.map((c) => [c.cin, c.token]));
  const rows = await ctx.pool.query(
    `SELECT r.id, c.cin FROM service_request r JOIN citizen c ON c.id = r.citizen_id WHERE c.cin = ANY($1) AND r.assignee_id IS NULL ORDER BY random() LIMIT 2000`,
    [[...tokens.keys()]],
  );
  owned = rows.rows.map((r: { id: string; cin: string }) => ({ id: r.id, token: tokens.get(r.cin)! }));
}

export const scenarios: Scenario[] = [
  {
    name: 'tracking lookup',
    baseline: 'pg',
    async prepare(ctx) {
      const rows = await ctx.pool.query(
        `SELECT r.tracking_code AS code, c.cin FROM service_request r JOIN citizen c ON c.id = r.citizen_id ORDER BY random() LIMIT 2000`,
      );
      tracking = rows.rows;
      // Bulk citizens have no password: give twenty of them the demo one so they can sign in.
      await ctx.pool.query(
        `UPDATE citizen SET password_hash = (SELECT password_hash FROM citizen WHERE cin = 'BK123456'), status = 'active'
          WHERE id IN (SELECT id FROM citizen WHERE cin LIKE 'ZB%' ORDER BY cin LIMIT 20)`,
      );
      const citizens = await ctx.pool.query(
        `SELECT cin FROM citizen WHERE password_hash IS NOT NULL AND status = 'active' ORDER BY random() LIMIT 20`,
      );
      signedIn = await Promise.all(citizens.rows.map(async (c: { cin: string }) => ({ cin: c.cin, token: await token(ctx, c.cin) })));
      citizenTokens = signedIn.map((c) => c.token);
      agentToken = await token(ctx, 'agent1');
      supervisorToken = await token(ctx, 'supervisor');
    },
    baselineSql: `SELECT tracking_code, procedure_code, state, updated_at FROM service_request WHERE tracking_code = $1`,
    baselineKeys: async () => tracking.map((t) => t.code),
    request: () => {
      const next = rotate(tracking);
      return () => {
        const t = next();
        return { path: `/api/v1/track/${t.code}?cin=${t.cin}` };
      };
    },
    target: { text: '≥ 0.5× bare node+pg, p99 < 20 ms', check: (r) => (r.ratio ?? 0) >= 0.5 && r.p99 < 20 },
  },
  {
    name: 'appointment slot search (two weeks, one procedure)',
    baseline: 'pg',
    request: () => {
      const today = new Date().toISOString().slice(0, 10);
      const to = new Date(Date.now() + 13 * 86400_000).toISOString().slice(0, 10);
      return () => ({ path: `/api/v1/appointments/slots?procedure=PASSPORT&from=${today}&to=${to}` });
    },
  },
  {
    name: 'procedure list (guide)',
    baseline: 'http',
    request: () => () => ({ path: '/api/v1/procedures' }),
  },
  {
    name: "citizen's own requests",
    baseline: 'pg',
    request: () => {
      const next = rotate(citizenTokens);
      return () => ({ path: '/api/v1/requests?limit=20', headers: { authorization: `Bearer ${next()}` } });
    },
  },
  {
    name: 'submission',
    baseline: 'pgbench-update',
    request: () => {
      const next = rotate(citizenTokens);
      return () => ({
        method: 'POST',
        path: '/api/v1/requests',
        headers: { authorization: `Bearer ${next()}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          procedureCode: 'RESIDENCE',
          form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' },
        }),
      });
    },
    target: { text: '≥ 0.35× pgbench simple-update', check: (r) => (r.ratio ?? 0) >= 0.35 },
  },
  {
    name: 'agent queue page',
    baseline: 'pg',
    request: () => () => ({ path: '/api/v1/requests?state=submitted&limit=20', headers: { authorization: `Bearer ${agentToken}` } }),
    target: { text: 'p99 < 50 ms', check: (r) => r.p99 < 50 },
  },
  {
    // Law 09-08: each staff read writes an access event; this is the read and its INSERT together.
    name: 'agent request page (with its access event)',
    baseline: 'pg',
    async prepare(ctx) {
      requestIds = (await ctx.pool.query(`SELECT id FROM service_request ORDER BY random() LIMIT 2000`)).rows.map(
        (r: { id: string }) => r.id,
      );
    },
    baselineSql: `SELECT * FROM service_request WHERE id = $1`,
    baselineKeys: async () => requestIds,
    request: () => {
      const next = rotate(requestIds);
      return () => ({ path: `/api/v1/requests/${next()}`, headers: { authorization: `Bearer ${agentToken}` } });
    },
    target: { text: 'p99 < 50 ms', check: (r) => r.p99 < 50 },
  },
  {
    // The pair of the two below: the same kind of page (unassigned requests, so no "held by" read),
    // read by the agent (one access event INSERT) and by its owner (no access event).
    name: 'request page read by an agent (an access event)',
    baseline: 'pg',
    before: ownedRequests,
    request: () => {
      const next = rotate(owned);
      return () => ({ path: `/api/v1/requests/${next().id}`, headers: { authorization: `Bearer ${agentToken}` } });
    },
  },
  {
    name: 'request page read by its owner (no access event)',
    baseline: 'pg',
    before: ownedRequests,
    request: () => {
      const next = rotate(owned);
      return () => {
        const r = next();
        return { path: `/api/v1/requests/${r.id}`, headers: { authorization: `Bearer ${r.token}` } };
      };
    },
  },
  {
    name: 'agent queue search by CIN (an access event per citizen found)',
    baseline: 'pg',
    request: () => {
      const next = rotate(tracking);
      return () => ({ path: `/api/v1/requests?q=${next().cin}&limit=20`, headers: { authorization: `Bearer ${agentToken}` } });
    },
  },
  {
    name: 'agent citizen search by CIN (an access event per citizen found)',
    baseline: 'pg',
    request: () => {
      const next = rotate(tracking);
      return () => ({ path: `/api/v1/citizens?q=${next().cin}&reason=bench`, headers: { authorization: `Bearer ${agentToken}` } });
    },
  },
  {
    name: 'state transition (claim)',
    baseline: 'pgbench-update',
    // Each claim takes one submitted request (the submissions above made them): stop when all are taken.
    async before(ctx) {
      // Enough for about the scenario's duration at a few hundred claims a second: each claim is used once.
      const s = await ctx.pool.query(
        `SELECT id FROM service_request WHERE state = 'submitted' AND assignee_id IS NULL ORDER BY random() LIMIT $1`,
        [ctx.seconds * 300],
      );
      submitted = s.rows.map((r: { id: string }) => r.id);
    },
    amount: () => submitted.length,
    request: () => {
      const next = rotate(submitted);
      return () => ({ method: 'POST', path: `/api/v1/requests/${next()}/claim`, headers: { authorization: `Bearer ${agentToken}` } });
    },
  },
  {
    name: 'supervisor dashboard',
    baseline: 'pg',
    request: () => () => ({
      path: '/api/v1/metrics/processing-times?groupBy=agent',
      headers: { authorization: `Bearer ${supervisorToken}` },
    }),
    target: { text: 'p99 < 100 ms', check: (r) => r.p99 < 100 },
  },
  {
    name: 'SLA dashboard (backlog, at risk, overdue)',
    baseline: 'pg',
    request: () => () => ({ path: '/api/v1/metrics/sla', headers: { authorization: `Bearer ${supervisorToken}` } }),
    target: { text: 'p99 < 100 ms', check: (r) => r.p99 < 100 },
  },
];

export const pipelines: Pipeline[] = [
  {
    // Issue 18: every request checks that its session is live (one indexed query per session and
    // SESSION_CACHE_MS). The same queue page on a second API process with the cache off (a query
    // per request) tells what the check costs uncached and what the cache saves.
    name: 'session check: agent queue page, SESSION_CACHE_MS=0 vs the default 5 s cache (rps ratio)',
    unit: '×',
    async run(ctx) {
      const port = await freePort();
      const uncachedApi = startNode(['dist/apps/api/main.js'], { ...ctx.env, PORT: String(port), SESSION_CACHE_MS: '0' });
      try {
        await waitHttp(`http://127.0.0.1:${port}/health/ready`);
        const queue = () => () => ({
          path: '/api/v1/requests?state=submitted&limit=20',
          headers: { authorization: `Bearer ${agentToken}` },
        });
        const uncachedBase = `http://127.0.0.1:${port}`;
        // The second process starts cold: warmed first. Then short runs alternate, cached and
        // uncached side by side, and the figure is the median of each pair's ratio: on a machine
        // whose load moves (shared cores), a pair sees the same load, a long run each would not.
        await load('warm-up', uncachedBase, queue(), { connections: 10, seconds: 1 });
        const rounds = 6;
        const opts = { connections: ctx.connections, seconds: Math.max(1, Math.round(ctx.seconds / 3)) };
        const pairs: { cached: HttpResult; uncached: HttpResult }[] = [];
        for (let i = 0; i < rounds; i++) {
          const cached = await load('queue, session cache 5 s', ctx.base, queue(), opts);
          const uncached = await load('queue, session cache 0', uncachedBase, queue(), opts);
          pairs.push({ cached, uncached });
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const ratio = Number(median(pairs.map((p) => p.uncached.rps / p.cached.rps)).toFixed(2));
        const rps = (k: 'cached' | 'uncached') => median(pairs.map((p) => p[k].rps));
        const p99 = (k: 'cached' | 'uncached') => median(pairs.map((p) => p[k].p99));
        return {
          name: `session check: agent queue page, ${rounds} alternating pairs (medians) uncached ${rps('uncached')} rps (p99 ${p99('uncached')} ms) vs cached ${rps('cached')} rps (p99 ${p99('cached')} ms)`,
          value: ratio,
          unit: '×',
          note: `${pairs.reduce((n, p) => n + p.cached.non2xx + p.uncached.non2xx, 0)} non-2xx`,
        };
      } finally {
        uncachedApi.kill('SIGTERM');
      }
    },
  },
  {
    // Law 09-08. The two request-page loads above run one after the other, and on a shared machine
    // the load of others moves between them; here both run at the same time, each with half the
    // connections, so whatever else the machine does weighs on both alike.
    name: 'access event cost',
    unit: '×',
    async run(ctx) {
      // Afresh: the claims above took the unassigned ones (an agent's read of a held request also
      // reads who holds it); each signed-in citizen files five new ones.
      owned = [];
      for (const c of signedIn) {
        for (let i = 0; i < 5; i++) {
          const r = await fetch(`${ctx.base}/api/v1/requests`, {
            method: 'POST',
            headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify({
              procedureCode: 'RESIDENCE',
              form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' },
            }),
          });
          if (r.status !== 201) throw new Error(`access event cost: filing answered ${r.status}`);
        }
      }
      await ownedRequests(ctx);
      // What those filings queued (receipts, SLA timers) is done before measuring.
      await settle(ctx.pool);
      const agent = rotate(owned);
      const owner = rotate(owned);
      const opts = { connections: ctx.connections / 2, seconds: ctx.seconds };
      let a = 0;
      let o = 0;
      for (let round = 0; round < 3; round++) {
        const [ra, ro] = await Promise.all([
          load(
            'agent',
            ctx.base,
            () => ({ path: `/api/v1/requests/${agent().id}`, headers: { authorization: `Bearer ${agentToken}` } }),
            opts,
          ),
          load(
            'owner',
            ctx.base,
            () => {
              const r = owner();
              return { path: `/api/v1/requests/${r.id}`, headers: { authorization: `Bearer ${r.token}` } };
            },
            opts,
          ),
        ]);
        a += ra.rps;
        o += ro.rps;
      }
      return {
        name: 'access event cost: request pages read by an agent (an access event each) ÷ the same pages read by their owners (none), loaded at the same time, 3 rounds',
        value: o ? Number((a / o).toFixed(2)) : null,
        unit: '×',
        note: `agent ${Math.round(a / 3)} req/s, owner ${Math.round(o / 3)} req/s`,
      };
    },
  },
  {
    // Issue 31: the hot reads as named prepared statements (parsed once per connection, a generic
    // plan after five runs) against the same text sent unnamed (parsed and planned every call), on
    // one connection, alternating rounds so that both see the same machine load.
    name: 'prepared statements',
    unit: '×',
    async run(ctx) {
      const { measurePrepared } = await import('./pipelines/prepared');
      const r = await measurePrepared(ctx.pool, ctx.quick ? 500 : 3000);
      return {
        name: `prepared statements: ${r.statements.map((s) => `${s.name} ${s.preparedUs} µs named vs ${s.unnamedUs} µs unnamed`).join('; ')} (medians of ${r.rounds} alternating rounds of ${r.calls} calls)`,
        value: r.ratio,
        unit: '× (time named ÷ unnamed, all statements)',
      };
    },
  },
  {
    name: 'appointment booking under concurrency',
    unit: 'req/s',
    async run(ctx) {
      const { measureBooking } = await import('./pipelines/appointments');
      const r = await measureBooking(ctx.base, ctx.pool, await token(ctx, 'reception'), ctx.quick ? 300 : 2000, ctx.connections);
      return {
        name: `appointment booking, ${r.attempts} citizens after the places of 20 slots (${r.booked} booked, ${r.full} slot full, ${r.other} other), p99 ${r.p99} ms`,
        value: r.rps,
        unit: 'req/s',
        note: `${r.oversold} double bookings`,
        target: '0 double bookings, every other answer 409',
        met: r.oversold === 0 && r.other === 0,
      };
    },
  },
  {
    name: 'notifications end to end',
    unit: '/s',
    async run(ctx) {
      const { measureNotifications } = await import('./pipelines/throughput');
      const r = await measureNotifications(ctx.pool, ctx.mailsReceived, ctx.quick ? 300 : 3000);
      return {
        name: `notifications end to end (outbox → relay → worker → SMTP), ${r.n} emails in ${r.seconds} s`,
        value: r.perSecond,
        unit: '/s',
        target: '≥ 1,000 per second per worker',
        met: r.perSecond >= 1000,
      };
    },
  },
  {
    name: 'webhook deliveries',
    unit: '/s',
    async run(ctx) {
      const { measureWebhooks } = await import('./pipelines/webhooks');
      const r = await measureWebhooks(ctx.env, ctx.quick ? 200 : 2000);
      return { name: `webhook deliveries (signed POST to a local receiver), ${r.deliveries}`, value: r.perSecond, unit: '/s' };
    },
  },
  {
    name: 'certificate PDFs',
    unit: 'ms CPU',
    async run(ctx) {
      const { measureCertificateRenderers } = await import('./pipelines/certificates');
      const r = await measureCertificateRenderers(ctx.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ctx.quick ? 5 : 30);
      const [before, after] = [r[0], r[r.length - 1]];
      return {
        name: `certificate PDF, CPU per certificate (process + Chromium children): ${r.map((x) => `${x.way} ${x.cpuMsPerPdf} ms`).join('; ')}; ${(before.cpuMsPerPdf / Math.max(1, after.cpuMsPerPdf)).toFixed(1)}× less`,
        value: after.cpuMsPerPdf,
        unit: 'ms CPU per certificate',
        target: '≤ 50 ms of CPU per certificate',
        met: after.cpuMsPerPdf <= 50,
      };
    },
  },
  {
    name: 'receipt PDFs',
    unit: 'ms CPU',
    async run(ctx) {
      const { measureReceiptRenderers } = await import('./pipelines/certificates');
      const [before, after] = await measureReceiptRenderers(ctx.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ctx.quick ? 5 : 30);
      return {
        name: `receipt PDF, CPU per receipt (process + Chromium children): ${before.way} ${before.cpuMsPerPdf} ms; ${after.way} ${after.cpuMsPerPdf} ms; ${(before.cpuMsPerPdf / Math.max(1, after.cpuMsPerPdf)).toFixed(1)}× less`,
        value: after.cpuMsPerPdf,
        unit: 'ms CPU per receipt',
        target: '≤ 50 ms of CPU per receipt',
        met: after.cpuMsPerPdf <= 50,
      };
    },
  },
  {
    name: 'SLA reconciler (rebuild all running timers)',
    unit: 's',
    async run(ctx) {
      const { measureSlaReconciler } = await import('./pipelines/sla');
      const r = await measureSlaReconciler(ctx.env);
      const per100k = r.clocks ? (r.seconds / r.clocks) * 100_000 : null;
      return {
        name: `SLA reconciler: ${r.clocks} running clocks, ${r.timers} timers`,
        value: r.seconds,
        unit: `s (${per100k === null ? 'n/a' : per100k.toFixed(1)} s per 100,000 clocks; ${r.timersPerGiB.toLocaleString('en')} pending timers per GiB of Redis with hash-max-listpack-value ${r.listpackValue})`,
        // No running clock measures nothing (a seed with no open request): not met, whatever the ratio.
        target: '1,000,000 pending timers in < 1 GiB of Redis, over real running clocks',
        met: r.clocks > 0 && r.timersPerGiB >= 1_000_000,
      };
    },
  },
  {
    name: 'agent queue: push vs poll',
    unit: '×',
    async run(ctx) {
      const { measureQueuePush } = await import('./pipelines/queue-push');
      const r = await measureQueuePush({
        base: ctx.base,
        pool: ctx.pool,
        databaseUrl: ctx.databaseUrl,
        agentToken,
        citizenToken: citizenTokens[0],
        pids: ctx.pids,
        quick: ctx.quick,
      });
      const pq = r.plan;
      return {
        name: `agent queue: ${r.agents} agents × ${r.seconds} s, CPU ms per agent-minute (API + worker + PostgreSQL, a filing every 10 s removed: ${r.background}): poll 100 rows / 10 s ${r.poll}, stream + 25 rows once ${r.push}, conditional poll 25 rows / 10 s ${r.conditional} (${r.notModified} of its polls 304); ${r.events} row events; queue statement (${pq.shape}, cost ${pq.cost}) planning ${pq.planningMs} ms + execution ${pq.executionMs} ms ad hoc, ${pq.preparedPlanningMs} + ${pq.preparedExecutionMs} ms prepared`,
        // A pushed queue can cost less than the background's own noise on a busy machine (its net
        // figure comes out at or below 0): then the ratio of the totals, background included, a
        // lower bound of the real one, is reported and said so.
        value:
          r.push > 0
            ? Number((r.poll / r.push).toFixed(1))
            : r.push + r.background > 0
              ? Number(((r.poll + r.background) / (r.push + r.background)).toFixed(1))
              : null,
        unit: '× less CPU per agent-minute pushed than polled',
        note:
          `conditional poll: ${r.conditional > 0 ? (r.poll / r.conditional).toFixed(1) : 'n/a'}× less than the old poll` +
          (r.push > 0 ? '' : '; pushed cost within the background noise: ratio of totals (a lower bound)'),
      };
    },
  },
];
