/** Small pieces the benchmark is made of: processes, autocannon runs, baselines, memory. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Pool } from 'pg';

export interface HttpResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Responses by status code, to tell what a non-2xx was. */
  statuses: Record<string, number>;
}

export interface Req {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Runs autocannon against `base`; `next()` gives each request (rotating ids, fresh idempotency keys). */
export async function load(
  name: string,
  base: string,
  next: () => Req,
  opts: { connections: number; seconds: number; amount?: number },
): Promise<HttpResult> {
  const first = next();
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    // A fixed amount (scenarios that consume their data) or a duration.
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
    pipelining: 1,
    requests: [
      {
        method: (first.method ?? 'GET') as 'GET',
        path: first.path,
        setupRequest: (req: autocannon.Request) => {
          const r = next();
          return {
            ...req,
            method: (r.method ?? 'GET') as autocannon.Request['method'],
            path: r.path,
            headers: { ...(r.headers ?? {}) },
            body: r.body,
          };
        },
      },
    ],
  });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(
      Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([k, v]) => [
        k,
        v.count,
      ]),
    ),
  };
}

export function startNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** Resident set size of a process in MB (Linux). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Samples the peak RSS of some processes while `work` runs. */
export async function peakRss<T>(pids: (number | undefined)[], work: () => Promise<T>): Promise<{ result: T; peaks: number[] }> {
  const peaks = pids.map((p) => rssMb(p));
  const timer = setInterval(() => pids.forEach((p, i) => (peaks[i] = Math.max(peaks[i], rssMb(p)))), 200);
  try {
    return { result: await work(), peaks };
  } finally {
    clearInterval(timer);
  }
}

/** pgbench TPS for a built-in script, or null when pgbench is not installed. */
export function pgbench(url: string, script: 'select-only' | 'simple-update', seconds: number): number | null {
  const which = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' });
  if (which.status !== 0) return null;
  const r = spawnSync('pgbench', ['-b', script, '-T', String(seconds), '-c', '8', '-j', '2', '-n', url], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(r.stdout)?.[1];
  return tps ? Math.round(Number(tps)) : null;
}

export function pgbenchInit(url: string): boolean {
  const r = spawnSync('pgbench', ['-i', '-s', '10', '-q', url], { encoding: 'utf8' });
  return r.status === 0;
}

/**
 * Waits until the product is quiet: every outbox row relayed and no notification still queued or
 * sending. Each figure is then measured as its baseline was, on an idle system, instead of
 * sharing the cores with the worker draining what the previous scenario queued.
 */
export async function settle(pool: Pool, timeoutMs = 300_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const {
      rows: [{ pending, sending }],
    } = await pool.query(
      `SELECT (SELECT count(*) FROM outbox_message WHERE relayed_at IS NULL)::int AS pending,
              (SELECT count(*) FROM notification WHERE status IN ('queued', 'sending'))::int AS sending`,
    );
    if (pending === 0 && sending === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return Date.now() - t0;
}
