/**
 * `npm run bench -- --national [--quick] [--reuse] [--agents=stream|poll|conditional] [--no-baseline]` — Morocco's busiest
 * hour (bench/national-model.ts) replayed open-loop at k × its rates against the production build
 * on loopback, k searched by doubling then bisection; the sustainable multiple is the largest k
 * with no error and every flow's p99 under its limit. Writes the "National busiest hour" section
 * of bench/results.md and the `national` key of bench/results.json.
 *
 * The agents' part is pluggable: `stream` (the default: as the agent app does, one event stream held
 * per agent, bench/queue-streams.ts), `poll` (GET /requests?limit=100 every 10 s, the app before
 * its stream) or `conditional` (the same with If-None-Match). Unless --no-baseline, the same run
 * also searches k with `poll` agents (after the streams): the before/after ratio comes from one run.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { ensureServices } from '../scripts/lib/services';
import { startProduct } from '../scripts/lib/product';
import { prepareDatabase } from '../test/support/databases';
import { TEST_JWT_SECRET, withDatabase } from '../test/support/env';
import { sampleCpu } from './cpu';
import { settle } from './lib';
import { AgentsMode, flows as modelFlows, FlowModel, MODEL, requestsPerSecond, streamsAt, totalRate } from './national-model';
import { FlowResult, OpenFlow, runOpenLoop } from './open-loop';
import { FleetFigures, QueueStreams } from './queue-streams';
import { measurePrepared } from './pipelines/prepared';
import { token } from './scenarios';

const say = (s: string) => process.stderr.write(`[national] ${s}\n`);
const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Annexe2026!';
const RESIDENCE = {
  procedureCode: 'RESIDENCE',
  form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' },
};

interface Step {
  k: number;
  seconds: number;
  offeredRps: number;
  flows: (FlowResult & { p99LimitMs: number; met: boolean })[];
  cpuCores: Record<string, number>;
  sustainable: boolean;
  loadAverage: number;
  /** agents: stream — the streams held during the step and what they cost the API. */
  streams?: FleetFigures;
}

interface Work {
  tracking: { code: string; cin: string }[];
  procedures: string[];
  citizens: { cin: string; token: string }[];
  agent: string;
  /** An agent of an annex with no traffic: the streams of the annexes the bench does not write to. */
  idleAgent: string;
  supervisor: string;
  /** Submitted RESIDENCE requests nobody holds: what claims take. */
  claimable: string[];
  /** Claimed by the bench's agent: what approvals take. */
  claimed: { id: string; version: number }[];
  /** Ready for pickup: what deliveries take. */
  ready: { id: string; version: number }[];
  /** Handed out to a delivery already (a refill must not hand it out twice). */
  delivered: Set<string>;
}

const rotate = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};

async function prepareWork(base: string, databaseUrl: string, pool: Pool, quick: boolean): Promise<Work> {
  const ctx = { base, databaseUrl };
  const tracking = (
    await pool.query(
      `SELECT r.tracking_code AS code, c.cin FROM service_request r JOIN citizen c ON c.id = r.citizen_id ORDER BY random() LIMIT 2000`,
    )
  ).rows;
  // Bulk citizens have no password: twenty get the demo one, to sign in and file.
  await pool.query(
    `UPDATE citizen SET password_hash = (SELECT password_hash FROM citizen WHERE cin = 'BK123456'), status = 'active'
      WHERE id IN (SELECT id FROM citizen WHERE cin LIKE 'ZB%' ORDER BY cin LIMIT 20)`,
  );
  const cins = (
    await pool.query(`SELECT cin FROM citizen WHERE password_hash IS NOT NULL AND status = 'active' ORDER BY cin LIMIT 20`)
  ).rows.map((r: { cin: string }) => r.cin);
  const citizens = await Promise.all(cins.map(async (cin: string) => ({ cin, token: await token(ctx, cin) })));
  const procedures = ((await (await fetch(`${base}/api/v1/procedures?limit=50`)).json()) as { items: { code: string }[] }).items.map(
    (p) => p.code,
  );
  const claimable = (
    await pool.query(
      `SELECT id FROM service_request WHERE state = 'submitted' AND assignee_id IS NULL AND procedure_code = 'RESIDENCE' ORDER BY random() LIMIT $1`,
      [quick ? 2000 : 20000],
    )
  ).rows.map((r: { id: string }) => r.id);
  // One more annex (a copy of the demo one) and its agent: streams that hold a connection and see no event.
  const columns = (
    await pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'annex' AND column_name NOT IN ('id', 'code') AND is_generated = 'NEVER'`,
    )
  ).rows
    .map((r: { column_name: string }) => `"${r.column_name}"`)
    .join(', ');
  await pool.query(`INSERT INTO annex (code, ${columns}) SELECT 'IDL1', ${columns} FROM annex WHERE code = 'BRK5' ON CONFLICT DO NOTHING`);
  await pool.query(
    `INSERT INTO staff (annex_id, username, full_name, role, password_hash)
     SELECT (SELECT id FROM annex WHERE code = 'IDL1'), 'bench-idle', full_name, 'agent', password_hash FROM staff WHERE username = 'agent1'
     ON CONFLICT DO NOTHING`,
  );
  return {
    tracking,
    procedures,
    citizens,
    agent: await token(ctx, 'agent1'),
    idleAgent: await token(ctx, 'bench-idle'),
    supervisor: await token(ctx, 'supervisor'),
    claimable,
    claimed: [],
    ready: [],
    delivered: new Set(),
  };
}

/** Keeps the deliveries' pool filled from the database (the worker moves approved certificates to ready). */
async function refillReady(pool: Pool, w: Work): Promise<void> {
  if (w.ready.length > 200) return;
  const taken = new Set(w.ready.map((r) => r.id));
  const rows = (await pool.query(`SELECT id, version FROM service_request WHERE state = 'ready_for_pickup' ORDER BY random() LIMIT 1000`))
    .rows as { id: string; version: number }[];
  for (const r of rows) if (!taken.has(r.id) && !w.delivered.has(r.id)) w.ready.push(r);
}

function openFlows(model: FlowModel[], k: number, w: Work, agents: AgentsMode, fleet?: QueueStreams): OpenFlow[] {
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const json = (t: string) => ({ ...bearer(t), 'content-type': 'application/json' });
  const rate = (name: string) => k * (model.find((m) => m.name === name)?.rate ?? 0);
  const track = rotate(w.tracking);
  const citizen = rotate(w.citizens);
  const procedure = rotate(w.procedures);
  let guideTurn = 0;
  let etag: string | undefined;
  const dashboards = rotate(['/api/v1/metrics/processing-times?groupBy=agent', '/api/v1/metrics/sla']);
  const version = (body: string) => JSON.parse(body) as { id: string; version: number };
  return [
    {
      name: 'tracking',
      rate: rate('tracking'),
      next: () => {
        const t = track();
        return { path: `/api/v1/track/${t.code}?cin=${t.cin}` };
      },
    },
    {
      name: 'guide',
      rate: rate('guide'),
      next: () => ({ path: guideTurn++ % 2 ? `/api/v1/procedures/${procedure()}` : '/api/v1/procedures' }),
    },
    {
      name: 'own requests',
      rate: rate('own requests'),
      next: () => ({ path: '/api/v1/requests?limit=20', headers: bearer(citizen().token) }),
    },
    {
      name: 'submit',
      rate: rate('submit'),
      next: () => ({
        method: 'POST',
        path: '/api/v1/requests',
        headers: { ...json(citizen().token), 'idempotency-key': randomUUID() },
        body: JSON.stringify(RESIDENCE),
      }),
      onAnswer: (_s, body) => w.claimable.push(version(body).id),
    },
    {
      name: 'claim',
      rate: rate('claim'),
      next: () => {
        const id = w.claimable.shift();
        return id ? { method: 'POST', path: `/api/v1/requests/${id}/claim`, headers: bearer(w.agent) } : null;
      },
      onAnswer: (_s, body) => w.claimed.push(version(body)),
    },
    {
      name: 'approve',
      rate: rate('approve'),
      next: () => {
        const r = w.claimed.shift();
        return r
          ? {
              method: 'POST',
              path: `/api/v1/requests/${r.id}/transitions`,
              headers: json(w.agent),
              body: JSON.stringify({ to: 'approved', version: r.version }),
            }
          : null;
      },
    },
    {
      name: 'deliver',
      rate: rate('deliver'),
      next: () => {
        const r = w.ready.shift();
        if (r) w.delivered.add(r.id);
        return r
          ? {
              method: 'POST',
              path: `/api/v1/requests/${r.id}/transitions`,
              headers: json(w.agent),
              body: JSON.stringify({ to: 'delivered', version: r.version }),
            }
          : null;
      },
    },
    {
      name: 'login',
      rate: rate('login'),
      next: () => ({
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: citizen().cin, password: DEMO_PASSWORD }),
      }),
    },
    ...(agents === 'stream' ? streamFlows() : pollFlows()),
    { name: 'dashboard', rate: rate('dashboard'), next: () => ({ path: dashboards(), headers: bearer(w.supervisor) }) },
  ];

  /** The queue page opening: its first rows (no ETag: the page's tags live with it), then a ticket for its stream. */
  function streamFlows(): OpenFlow[] {
    return [
      { name: 'agent queue', rate: rate('agent queue'), next: () => ({ path: '/api/v1/requests?limit=25', headers: bearer(w.agent) }) },
      {
        name: 'queue reopen',
        rate: rate('queue reopen'),
        next: () => ({ method: 'POST', path: '/api/v1/requests/stream-ticket', headers: bearer(w.agent) }),
        onAnswer: (_s, body) => fleet?.reopen((JSON.parse(body) as { ticket: string }).ticket),
      },
    ];
  }

  function pollFlows(): OpenFlow[] {
    return [
      {
        name: 'agent queue',
        rate: rate('agent queue'),
        next: () => ({
          path: '/api/v1/requests?limit=100',
          headers: { ...bearer(w.agent), ...(agents === 'conditional' && etag ? { 'if-none-match': etag } : {}) },
        }),
        ok: agents === 'conditional' ? [304] : [],
        onAnswer: (_s, _b, headers) => {
          etag = headers.get('etag') ?? etag;
        },
      },
    ];
  }
}

async function step(
  base: string | string[],
  model: FlowModel[],
  k: number,
  seconds: number,
  w: Work,
  pool: Pool,
  cpuTargets: Parameters<typeof sampleCpu>[0],
  agents: AgentsMode,
  fleet?: QueueStreams,
): Promise<Step> {
  if (fleet) {
    await fleet.resize(streamsAt(k), MODEL.agentsPerOffice.value);
    fleet.reset();
  }
  await settle(pool, 60_000);
  await refillReady(pool, w);
  const refill = setInterval(() => void refillReady(pool, w).catch(() => undefined), 2000);
  const cpu = sampleCpu(cpuTargets);
  const results = await runOpenLoop(base, openFlows(model, k, w, agents, fleet), seconds);
  const cpuCores = cpu.stop();
  const streams = fleet?.figures();
  clearInterval(refill);
  const flows = results.map((r) => {
    const p99LimitMs = model.find((m) => m.name === r.name)!.p99LimitMs;
    return { ...r, p99LimitMs, met: r.errors === 0 && r.p99 <= p99LimitMs };
  });
  const s: Step = {
    k,
    seconds,
    offeredRps: Number((k * totalRate(agents)).toFixed(1)),
    flows,
    cpuCores,
    sustainable: flows.every((f) => f.met),
    loadAverage: Number(loadavg()[0].toFixed(1)),
    ...(streams ? { streams } : {}),
  };
  say(
    `k=${k}: ${s.sustainable ? 'sustained' : 'not sustained'} (${
      flows
        .filter((f) => !f.met)
        .map((f) => `${f.name} p99 ${f.p99} ms, ${f.errors} errors`)
        .join('; ') || 'all p99 under their limits'
    }) · load ${s.loadAverage}${streams ? ` · ${streams.streams} streams, API ${streams.apiRssMb} MB / ${streams.apiFds} fds` : ''}`,
  );
  return s;
}

/** Doubling from `start` until a k fails (or `max`), then bisection between the last good and first bad k. */
async function searchK(
  run: (k: number) => Promise<Step>,
  start: number,
  max: number,
  bisections: number,
): Promise<{ steps: Step[]; sustainable: number }> {
  const steps: Step[] = [];
  let good = 0;
  let bad = Infinity;
  for (let k = start; k <= max; k = Number((k * 2).toFixed(4))) {
    const s = await run(k);
    steps.push(s);
    if (s.sustainable) good = k;
    else {
      bad = k;
      break;
    }
  }
  for (let i = 0; i < bisections && Number.isFinite(bad); i++) {
    const k = Number(((good + bad) / 2).toFixed(4));
    if (k === good || k === bad) break;
    const s = await run(k);
    steps.push(s);
    if (s.sustainable) good = k;
    else bad = k;
  }
  return { steps: steps.sort((a, b) => a.k - b.k), sustainable: good };
}

export async function national(args: Set<string>): Promise<void> {
  const quick = args.has('--quick');
  const scale = args.has('--scale');
  const asked = [...args].find((a) => a.startsWith('--agents='))?.split('=')[1];
  const agents: AgentsMode = asked === 'poll' || asked === 'conditional' ? asked : 'stream';
  const baselineAgents: AgentsMode | null = agents !== 'poll' && !args.has('--no-baseline') ? 'poll' : null;
  const seconds = Number(process.env.NATIONAL_STEP_SECONDS) || (quick ? 15 : 45);
  const started = Date.now();
  const services = await ensureServices({ dataRoot: '.data/bench', database: 'postgres' });
  const stops: (() => unknown)[] = [];
  const stopAll = async () => {
    await Promise.allSettled(stops.map((s) => s()));
    await services.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  try {
    execFileSync('node', ['scripts/build.js'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKIP_WEB_BUILD: '1' } });
    const prefix = process.env.BENCH_DB_PREFIX ?? 'annex_bench';
    const dbName = `${prefix}_national${quick ? '_quick' : ''}`;
    const sizes = quick ? { citizens: 2_000, requests: 10_000 } : { citizens: 50_000, requests: 200_000 };
    const databaseUrl = args.has('--reuse')
      ? withDatabase(services.DATABASE_URL, dbName)
      : await prepareDatabase(services.DATABASE_URL, dbName);
    if (args.has('--reuse'))
      execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts', 'run'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
    else {
      say(`seeding ${sizes.citizens} citizens / ${sizes.requests} requests`);
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', 'scripts/seed-bulk.ts', '--citizens', String(sizes.citizens), '--requests', String(sizes.requests)],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, DATABASE_URL: databaseUrl },
        },
      );
    }
    // Limits sized for one client address carrying a nation; the load-shedding thresholds stay the product's.
    // --scale: the scale profile's processes (2 API + 2 workers on one PostgreSQL and one Redis, the
    // same secrets and queues), the calls taken by each API in turn as a proxy would.
    const env = {
      JWT_SECRET: process.env.JWT_SECRET || TEST_JWT_SECRET,
      CERT_SIGNING_KEY: (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
      LOGIN_FAILURES_PER_IP: '100000000',
    };
    const products = [];
    for (let i = 0; i < (scale ? 2 : 1); i++) {
      const p = await startProduct({ databaseUrl, redisUrl: services.REDIS_URL, queuePrefix: 'national', quiet: true, env });
      stops.push(p.stop);
      products.push(p);
    }
    const product = products[0];
    const bases = products.map((p) => p.base);
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    stops.unshift(() => pool.end());
    const work = await prepareWork(product.base, databaseUrl, pool, quick);
    const model = modelFlows(agents);
    const fleet =
      agents === 'stream'
        ? new QueueStreams(
            bases,
            { live: work.agent, idle: work.idleAgent },
            products.map((p) => p.api.pid!),
          )
        : undefined;
    if (fleet) stops.unshift(() => fleet.close());
    // Warm-up (JIT, pools, caches), not recorded: the first k measured would pay for it.
    say('warm-up');
    await runOpenLoop(product.base, openFlows(modelFlows('poll'), quick ? 0.01 : 0.0125, work, 'poll'), quick ? 5 : 10);
    const cpuTargets = {
      api: products.map((p) => p.api.pid!),
      worker: products.map((p) => p.worker.pid!),
      database: dbName,
      redisPort: new URL(services.REDIS_URL).port || '6379',
    };
    const search = (mode: AgentsMode, f?: QueueStreams) =>
      searchK((k) => step(bases, modelFlows(mode), k, seconds, work, pool, cpuTargets, mode, f), quick ? 0.02 : 0.025, 2, quick ? 2 : 4);
    // The streams first: the poll baseline's collapse leaves sockets and heap behind that would blur their cost.
    say(`agents ${agents}`);
    const { steps, sustainable } = await search(agents, fleet);
    fleet?.close();
    let baseline: { agents: AgentsMode; sustainable: number; steps: Step[]; loadAverage: number } | null = null;
    if (baselineAgents) {
      say(`baseline: agents ${baselineAgents}`);
      const b = await search(baselineAgents);
      baseline = { agents: baselineAgents, ...b, loadAverage: Number(loadavg()[0].toFixed(1)) };
    }
    say('prepared statements: named vs unnamed');
    const prepared = await measurePrepared(pool, quick ? 300 : 1000);
    const report = {
      prepared: { ...prepared, loadAverage: Number(loadavg()[0].toFixed(1)) },
      at: new Date().toISOString(),
      mode: quick ? 'quick' : 'standard',
      processes: scale ? '2 API + 2 workers' : '1 API + 1 worker',
      agents,
      data: sizes,
      machine: { cores: require('node:os').cpus().length, node: process.version },
      stepSeconds: seconds,
      model: {
        inputs: MODEL,
        requestsPerSecond: Number(requestsPerSecond().toFixed(2)),
        totalRate: Number(totalRate(agents).toFixed(1)),
        flows: model,
      },
      steps,
      sustainable,
      baseline,
      seconds_total: Math.round((Date.now() - started) / 1000),
    };
    writeResults(report);
    process.stdout.write(
      `national: sustainable k = ${sustainable} (${(sustainable * totalRate(agents)).toFixed(0)} req/s of ${totalRate(agents).toFixed(0)} at k = 1)${
        baseline ? `; baseline (agents ${baseline.agents}) k = ${baseline.sustainable}` : ''
      }\n`,
    );
  } finally {
    await stopAll();
  }
}

/** One section (and results.json key) per process layout: one node, and the scale profile. */
const SECTIONS = {
  single: { key: 'national', start: '<!-- national:start -->', end: '<!-- national:end -->', title: 'National busiest hour' },
  scale: {
    key: 'nationalScale',
    start: '<!-- national-scale:start -->',
    end: '<!-- national-scale:end -->',
    title: 'National busiest hour — scale profile (2 API + 2 workers)',
  },
};
type Section = (typeof SECTIONS)[keyof typeof SECTIONS];
const sectionRe = (x: Section) => new RegExp(`${x.start}[\\s\\S]*${x.end}`);

function writeResults(r: any): void {
  const x = r.processes === '2 API + 2 workers' ? SECTIONS.scale : SECTIONS.single;
  const out = process.env.BENCH_OUT ?? 'bench';
  const jsonPath = `${out}/results.json`;
  const json = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : {};
  json[x.key] = r;
  writeFileSync(jsonPath, JSON.stringify(json, null, 2) + '\n');
  const mdPath = `${out}/results.md`;
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmark results\n';
  const section = nationalMarkdown(r, x);
  writeFileSync(mdPath, md.includes(x.start) ? md.replace(sectionRe(x), section) : `${md.trimEnd()}\n\n${section}\n`);
}

/** The sections bench.ts keeps when it rewrites results.md (and their results.json keys). */
export function keptNationalSection(md: string): string {
  return Object.values(SECTIONS)
    .map((x) => sectionRe(x).exec(md)?.[0] ?? '')
    .filter(Boolean)
    .join('\n\n');
}
export const NATIONAL_KEYS = Object.values(SECTIONS).map((x) => x.key);

function nationalMarkdown(r: any, x: Section): string {
  const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });
  const lines = [
    x.start,
    `## ${x.title}`,
    '',
    `${r.at} · mode **${r.mode}** (${fmt(r.data.requests)} requests seeded) · agents: **${r.agents}** · ${r.machine.cores} cores · Node ${r.machine.node} · ${r.stepSeconds} s per k · production build (API and worker processes) on loopback, open-loop, latency from each call's scheduled time.`,
    '',
    `**Sustainable multiple: k = ${r.sustainable}** (${fmt(r.sustainable * r.model.totalRate)} req/s of the ${fmt(r.model.totalRate)} req/s the model gives at k = 1): the largest k with 0 errors and every p99 under its limit.`,
    '',
    ...(r.baseline
      ? [
          `Baseline in the same run, agents **${r.baseline.agents}**: k = ${r.baseline.sustainable} (k tried: ${r.baseline.steps
            .map((s: Step) => `${s.k} ${s.sustainable ? '✅' : '❌'}`)
            .join(', ')}; load average ${r.baseline.loadAverage} at its end) → **${
            r.baseline.sustainable ? fmt(r.sustainable / r.baseline.sustainable) : '—'
          }×** with ${r.agents}.`,
          '',
        ]
      : []),
    '### The model (k = 1)',
    '',
    '| input | value | source |',
    '|---|---:|---|',
    ...Object.entries(r.model.inputs).map(([k, v]: [string, any]) => `| ${k} | ${fmt(v.value)} | ${v.source} |`),
    `| → new requests a second at the busiest hour | ${fmt(r.model.requestsPerSecond)} | population × requests a year × peak ÷ (days × hours × 3,600) |`,
    '',
    '| flow | req/s at k = 1 | share | how | p99 limit |',
    '|---|---:|---:|---|---:|',
    ...r.model.flows.map(
      (f: FlowModel) =>
        `| ${f.name} | ${fmt(f.rate)} | ${((100 * f.rate) / r.model.totalRate).toFixed(1)} % | ${f.why} | ${f.p99LimitMs} ms |`,
    ),
    `| **total** | **${fmt(r.model.totalRate)}** | | | |`,
    '',
    '### Per k',
    '',
    ...r.steps.flatMap((s: Step) => [
      `**k = ${s.k}** (${fmt(s.offeredRps)} req/s offered) — ${s.sustainable ? '✅ sustained' : '❌ not sustained'} · load average ${s.loadAverage} · CPU (cores): ${Object.entries(
        s.cpuCores,
      )
        .map(([g, c]) => `${g} ${c}`)
        .join(', ')}`,
      '',
      ...(s.streams
        ? [
            `Streams held: ${fmt(s.streams.streams)} (${s.streams.liveStreams} on the bench's annex, ${fmt(s.streams.events)} row events received, revalidations ${
              Object.entries(s.streams.revalidations)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ') || 'none'
            }, ${s.streams.openFailures} failed openings) · API ${s.streams.apiRssMb} MB RSS, ${fmt(s.streams.apiFds)} fds · ${
              s.streams.kbPerStream ?? '—'
            } KB and ${s.streams.fdsPerStream ?? '—'} fd per stream over the no-stream baseline`,
            '',
          ]
        : []),
      '| flow | target req/s | achieved | p50 | p95 | p99 | limit | errors | skipped | statuses |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...s.flows.map(
        (f) =>
          `| ${f.name} | ${fmt(f.target)} | ${fmt(f.achieved)} | ${f.p50} | ${f.p95} | ${f.p99}${f.met ? '' : ' ❌'} | ${f.p99LimitMs} | ${f.errors} | ${f.skipped} | ${Object.entries(
            f.statuses,
          )
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')} |`,
      ),
      '',
    ]),
    ...streamCost(r.steps),
    '### Hot statements: named prepared vs unnamed (same text, one connection)',
    '',
    `Medians of ${r.prepared.rounds} alternating rounds of ${r.prepared.calls} calls, load average ${r.prepared.loadAverage}; ratio of time named ÷ unnamed over all: **${r.prepared.ratio}×**.`,
    '',
    '| statement | named (µs a call) | unnamed (µs a call) |',
    '|---|---:|---:|',
    ...r.prepared.statements.map(
      (x: { name: string; preparedUs: number; unnamedUs: number }) => `| ${x.name} | ${x.preparedUs} | ${x.unnamedUs} |`,
    ),
    '',
    'Skipped: a call with no work for it yet (an approval before any claim answered); not sent, not an error. CPU: PostgreSQL counts only the backends of the bench database; the load generator runs on the same cores.',
    x.end,
  ];
  return lines.join('\n');
}

/** What one more open stream costs the API: between the steps holding the fewest and the most streams (the no-stream baseline moves with earlier phases). */
function streamCost(steps: Step[]): string[] {
  const held = steps.filter((s) => s.streams).sort((a, b) => a.streams!.streams - b.streams!.streams);
  if (held.length < 2) return [];
  const [lo, hi] = [held[0].streams!, held[held.length - 1].streams!];
  const n = hi.streams - lo.streams;
  if (n <= 0) return [];
  return [
    `**Cost of the open streams**: from ${lo.streams} to ${hi.streams} streams the API went from ${lo.apiRssMb} to ${hi.apiRssMb} MB RSS and ${lo.apiFds} to ${hi.apiFds} descriptors: about ${Math.round(((hi.apiRssMb - lo.apiRssMb) * 1024) / n)} KB and ${((hi.apiFds - lo.apiFds) / n).toFixed(2)} descriptors per stream (RSS moves with the heap's collections; the descriptors are the sockets). At k = 1 the model holds ${(MODEL.offices.value * MODEL.agentsPerOffice.value).toLocaleString('en')} streams.`,
    '',
  ];
}
