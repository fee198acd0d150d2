/**
 * `npm run bench` — measures the production build on loopback against baselines measured in the
 * same run, and writes bench/results.md and bench/results.json.
 *   --quick   small data set and short runs (< 2 min; run by a smoke test so it cannot rot)
 *   --large   1,000,000 requests (country scale)
 *   --reuse   keep the bench database from a previous run (skips seeding)
 *   --national  Morocco's busiest hour, open-loop, searching the sustainable multiple (bench/national.ts);
 *               with --scale against 2 API + 2 worker processes (the scale profile's)
 * Figures on a shared 2-core machine are noisy: read the ratios, not the absolute numbers.
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Pool } from 'pg';
import { ensureServices, freePort } from '../scripts/lib/services';
import { startProduct } from '../scripts/lib/product';
import { startSmtpSink } from './pipelines/throughput';
import { prepareDatabase } from '../test/support/databases';
import { TEST_JWT_SECRET, withDatabase } from '../test/support/env';
import { HttpResult, load, peakRss, pgbench, pgbenchInit, Req, rssMb, settle, startNode, waitHttp } from './lib';
import { scenarios, BenchContext, pipelines } from './scenarios';
import { keptNationalSection, national, NATIONAL_KEYS } from './national';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const LARGE = args.has('--large');
/** `--only=<words>`: just the pipelines whose name contains them (no endpoint runs, no baselines' loads). */
const ONLY = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const CONNECTIONS = 50;
const SECONDS = QUICK ? 3 : 10;
const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);

interface Row extends HttpResult {
  baseline: string;
  baselineRps: number | null;
  ratio: number | null;
  target?: string;
  met?: boolean;
}

async function main(): Promise<void> {
  const started = Date.now();
  const services = await ensureServices({ dataRoot: '.data/bench', database: 'postgres' });
  const children: ChildProcess[] = [];
  const stops: (() => unknown)[] = [];
  // The product stops before the servers it uses: a worker whose Redis went first would wait out its deadline.
  const stopAll = async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.allSettled(stops.map((s) => s()));
    await services.stop();
  };
  // Interrupted (Ctrl-C, a CI timeout): the product and the baseline servers go too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  try {
    // Always the code of this checkout (the SPAs are not needed for API figures).
    execFileSync('node', ['scripts/build.js'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKIP_WEB_BUILD: '1' } });
    // BENCH_DB_PREFIX: on a shared PostgreSQL, each person's bench databases under their own prefix.
    const prefix = process.env.BENCH_DB_PREFIX ?? 'annex_bench';
    const dbName = QUICK ? `${prefix}_quick` : LARGE ? `${prefix}_large` : prefix;
    const databaseUrl = args.has('--reuse')
      ? withDatabase(services.DATABASE_URL, dbName)
      : await prepareDatabase(services.DATABASE_URL, dbName);
    // A kept database still gets this checkout's migrations (an index added since would be missing).
    if (args.has('--reuse'))
      execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts', 'run'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
    const sizes = QUICK
      ? { citizens: 2_000, requests: 10_000 }
      : LARGE
        ? { citizens: 200_000, requests: 1_000_000 }
        : { citizens: 50_000, requests: 200_000 };
    if (!args.has('--reuse')) {
      say(`seeding ${sizes.citizens} citizens / ${sizes.requests} requests`);
      const t0 = Date.now();
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', 'scripts/seed-bulk.ts', '--citizens', String(sizes.citizens), '--requests', String(sizes.requests)],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, DATABASE_URL: databaseUrl },
        },
      );
      say(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    // Email goes to a local SMTP sink that counts (the notifications pipeline's far end).
    const smtp = await startSmtpSink();
    stops.push(() => smtp.stop());
    // The product: API and worker as separate production processes.
    const product = await startProduct({
      databaseUrl,
      redisUrl: services.REDIS_URL,
      queuePrefix: 'bench',
      quiet: true,
      // The bench database's admin and supervisor have TOTP secrets sealed with the test JWT secret.
      env: {
        JWT_SECRET: process.env.JWT_SECRET || TEST_JWT_SECRET,
        RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
        APPOINTMENT_BOOKINGS_PER_IP_PER_MINUTE: '100000000',
        APPOINTMENT_LIMIT_PER_PHONE: '100000',
        SMTP_URL: smtp.url,
      },
    });
    stops.push(product.stop);
    const { api, worker, base, env } = product;
    await new Promise((r) => setTimeout(r, 1000));
    const restRss = { api: rssMb(api.pid), worker: rssMb(worker.pid) };

    // Baselines.
    const constPort = await freePort();
    const pgPort = await freePort();
    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    const ctx: BenchContext = {
      base,
      mailsReceived: smtp.received,
      pool,
      databaseUrl,
      quick: QUICK,
      connections: CONNECTIONS,
      seconds: SECONDS,
      env,
      pids: [api.pid!, worker.pid!],
    };
    await Promise.all(scenarios.map((s) => s.prepare?.(ctx)));
    const trackingSql = scenarios.find((s) => s.baselineSql)?.baselineSql ?? 'SELECT 1';
    children.push(startNode(['-r', '@swc-node/register', 'bench/baselines.ts', 'const', String(constPort)], env));
    children.push(startNode(['-r', '@swc-node/register', 'bench/baselines.ts', 'pg', String(pgPort), databaseUrl, trackingSql], env));
    await waitHttp(`http://127.0.0.1:${constPort}/`);
    const keys = (await scenarios.find((s) => s.baselineKeys)?.baselineKeys?.(ctx)) ?? ['x'];
    await waitHttp(`http://127.0.0.1:${pgPort}/${encodeURIComponent(keys[0])}`);
    let k = 0;
    const opts = { connections: CONNECTIONS, seconds: SECONDS };
    say('baseline: bare node:http');
    const bareHttp = await load('bare node:http', `http://127.0.0.1:${constPort}`, () => ({ path: '/' }), opts);
    say('baseline: bare node:http + pg');
    const barePg = await load(
      'bare node+pg row',
      `http://127.0.0.1:${pgPort}`,
      () => ({ path: `/${encodeURIComponent(keys[k++ % keys.length])}` }),
      opts,
    );
    let pgbenchSelect: number | null = null;
    let pgbenchUpdate: number | null = null;
    const pgbenchUrl = withDatabase(services.DATABASE_URL, `${prefix}_pgbench`);
    await prepareDatabase(services.DATABASE_URL, `${prefix}_pgbench`).catch(() => undefined);
    if (pgbenchInit(pgbenchUrl)) {
      say('baseline: pgbench');
      pgbenchSelect = pgbench(pgbenchUrl, 'select-only', SECONDS);
      pgbenchUpdate = pgbench(pgbenchUrl, 'simple-update', SECONDS);
    }
    const baselines: Record<string, number | null> = {
      http: bareHttp.rps,
      pg: barePg.rps,
      'pgbench-select': pgbenchSelect,
      'pgbench-update': pgbenchUpdate,
    };

    // The product's endpoints, under load, with memory sampled.
    const rows: Row[] = [];
    const { peaks } = await peakRss([api.pid, worker.pid], async () => {
      for (const s of ONLY ? [] : scenarios) {
        const waited = await settle(pool);
        say(`endpoint: ${s.name}${waited > 1000 ? ` (after ${(waited / 1000).toFixed(1)} s for the worker to drain)` : ''}`);
        await s.before?.(ctx);
        const next: () => Req = s.request(ctx);
        const amount = s.amount?.();
        if (amount === 0) continue;
        const r = await load(s.name, base, next, { ...opts, amount });
        const b = baselines[s.baseline] ?? null;
        const row: Row = { ...r, baseline: s.baseline, baselineRps: b, ratio: b ? Number((r.rps / b).toFixed(2)) : null };
        if (s.target) {
          row.target = s.target.text;
          row.met = s.target.check(row);
        }
        rows.push(row);
      }
    });

    const pipelineResults: { name: string; value: number | null; unit: string; target?: string; met?: boolean; note?: string }[] = [];
    for (const p of pipelines.filter((x) => !ONLY || x.name.includes(ONLY))) {
      say(`pipeline: ${p.name}`);
      try {
        pipelineResults.push(await p.run(ctx));
      } catch (e) {
        pipelineResults.push({ name: p.name, value: null, unit: p.unit, note: `failed: ${(e as Error).message}` });
      }
    }
    await pool.end();

    const memory = { apiRestMb: restRss.api, workerRestMb: restRss.worker, apiPeakMb: peaks[0], workerPeakMb: peaks[1] };
    const errors = rows.reduce((n, r) => n + r.errors + r.non2xx, 0);
    const report = {
      at: new Date().toISOString(),
      mode: QUICK ? 'quick' : LARGE ? 'large' : 'standard',
      data: sizes,
      machine: { cores: require('node:os').cpus().length, node: process.version },
      connections: CONNECTIONS,
      seconds: SECONDS,
      baselines: { bareHttp, barePg, pgbenchSelect, pgbenchUpdate },
      endpoints: rows,
      pipelines: pipelineResults,
      memory,
      targets: [
        ...rows.filter((r) => r.target).map((r) => ({ what: r.name, target: r.target, met: r.met })),
        ...pipelineResults.filter((p) => p.target).map((p) => ({ what: p.name, target: p.target, met: p.met })),
        { what: 'API RSS under load', target: '< 250 MB', met: memory.apiPeakMb < 250 },
        { what: 'errors', target: '0', met: errors === 0 },
      ],
      errors,
      seconds_total: Math.round((Date.now() - started) / 1000),
    };
    const summary = summaryLine(rows, errors);
    const out = process.env.BENCH_OUT ?? 'bench';
    // The national run's section and key are kept: the two runs write the same files.
    const previous = (file: string) => (existsSync(`${out}/${file}`) ? readFileSync(`${out}/${file}`, 'utf8') : '');
    const before = previous('results.json') ? JSON.parse(previous('results.json')) : {};
    const nationalJson = Object.fromEntries(NATIONAL_KEYS.filter((k) => before[k]).map((k) => [k, before[k]]));
    const nationalMd = keptNationalSection(previous('results.md'));
    writeFileSync(`${out}/results.json`, JSON.stringify({ ...report, ...nationalJson }, null, 2) + '\n');
    writeFileSync(`${out}/results.md`, markdown(report, summary) + (nationalMd ? `\n${nationalMd}\n` : ''));
    process.stdout.write(`${summary}\n`);
  } finally {
    await stopAll();
  }
}

function summaryLine(rows: Row[], errors: number): string {
  const pick = (name: string) => rows.find((r) => r.name === name);
  const parts: string[] = [];
  const t = pick('tracking lookup');
  if (t?.ratio != null) parts.push(`tracking ${t.ratio}x of bare node+pg`);
  const s = pick('submission');
  if (s?.ratio != null) parts.push(`submit ${s.ratio}x of pgbench simple-update`);
  parts.push(`${errors} errors`);
  return `bench: ${parts.join(', ')}`;
}

function markdown(r: any, summary: string): string {
  const ms = (n: number) => `${n} ms`;
  const lines = [
    `# Benchmark results`,
    '',
    `${r.at} · mode **${r.mode}** (${r.data.citizens.toLocaleString('en')} citizens, ${r.data.requests.toLocaleString('en')} requests) · ${r.machine.cores} cores · Node ${r.machine.node} · autocannon ${r.connections} connections × ${r.seconds} s · API and worker as separate production processes on loopback.`,
    '',
    `**${summary}**`,
    '',
    '## Baselines (same run)',
    '',
    '| baseline | req/s or TPS | p50 | p99 |',
    '|---|---:|---:|---:|',
    `| bare node:http, constant | ${r.baselines.bareHttp.rps} | ${ms(r.baselines.bareHttp.p50)} | ${ms(r.baselines.bareHttp.p99)} |`,
    `| bare node:http + pg, one row by key | ${r.baselines.barePg.rps} | ${ms(r.baselines.barePg.p50)} | ${ms(r.baselines.barePg.p99)} |`,
    `| pgbench select-only (TPS) | ${r.baselines.pgbenchSelect ?? 'n/a'} | | |`,
    `| pgbench simple-update (TPS) | ${r.baselines.pgbenchUpdate ?? 'n/a'} | | |`,
    '',
    '## Endpoints',
    '',
    '| endpoint | req/s | × baseline | baseline | p50 | p99 | errors | target | met |',
    '|---|---:|---:|---|---:|---:|---:|---|---|',
    ...r.endpoints.map(
      (e: Row) =>
        `| ${e.name} | ${e.rps} | ${e.ratio ?? 'n/a'} | ${e.baseline} | ${ms(e.p50)} | ${ms(e.p99)} | ${e.errors + e.non2xx} | ${e.target ?? ''} | ${e.met === undefined ? '' : e.met ? 'yes' : 'no'} |`,
    ),
    '',
    '## Pipelines',
    '',
    '| pipeline | value | target | met |',
    '|---|---:|---|---|',
    ...r.pipelines.map(
      (p: any) =>
        `| ${p.name} | ${p.value ?? 'n/a'} ${p.unit}${p.note ? ` (${p.note})` : ''} | ${p.target ?? ''} | ${p.met === undefined ? '' : p.met ? 'yes' : 'no'} |`,
    ),
    '',
    '## Memory (RSS)',
    '',
    `API at rest ${r.memory.apiRestMb} MB, under load ${r.memory.apiPeakMb} MB; worker at rest ${r.memory.workerRestMb} MB, under load ${r.memory.workerPeakMb} MB.`,
    '',
    '## Targets',
    '',
    ...r.targets.map((t: any) => `- ${t.met ? '✅' : '❌'} ${t.what}: ${t.target}`),
    '',
  ];
  return lines.join('\n');
}

(args.has('--national') ? national(args) : main()).catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
