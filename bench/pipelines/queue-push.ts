/**
 * Issue 31: the agents' queue, polled (every 10 s, 100 rows, as the agent app did) against pushed
 * (one server-sent event stream each, 25 rows once) and against the conditional poll the app falls
 * back to (If-None-Match, 304 when nothing changed). The same background of changes (a request
 * filed every 10 s, a busy annex: the national model's average annex sees about two changes a
 * minute) runs under each phase and alone; the figure is the CPU of the API, the worker
 * and the bench database's PostgreSQL backends per agent-minute, less the background's own, with
 * the ratio taken in the same run.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { Client, Pool } from 'pg';
import { queueQuery } from '../../libs/requests/src/requests/requests.repository';

const TICK = 100; // Linux clock ticks per second (USER_HZ)

/** utime + stime of a process, in ms; null when it is gone. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
  } catch {
    return null;
  }
}

/** CPU used by the given processes and the database's backends while `work` runs (backends sampled every 250 ms: a backend that ends keeps its last sample). */
async function cpuDuring(pids: number[], pool: Pool, work: () => Promise<unknown>): Promise<number> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    for (const pid of [...pids, ...rows.map((r: { pid: number }) => r.pid)]) {
      const c = cpuMs(pid);
      if (c === null) continue;
      if (!first.has(pid)) first.set(pid, pids.includes(pid) ? c : 0);
      last.set(pid, c);
    }
  };
  await sample();
  // Backends already there count from now, not from their start.
  for (const [pid, c] of last) first.set(pid, c);
  const timer = setInterval(() => void sample().catch(() => undefined), 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  await sample();
  let total = 0;
  for (const [pid, c] of last) total += c - (first.get(pid) ?? 0);
  return total;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface QueuePushResult {
  agents: number;
  seconds: number;
  /** CPU ms per agent-minute, the background's removed. */
  poll: number;
  push: number;
  conditional: number;
  background: number;
  polls: number;
  notModified: number;
  events: number;
  plan: { planningMs: number; executionMs: number; preparedPlanningMs: number; preparedExecutionMs: number; cost: string; shape: string };
}

export async function measureQueuePush(a: {
  base: string;
  pool: Pool;
  databaseUrl: string;
  agentToken: string;
  citizenToken: string;
  pids: number[];
  quick: boolean;
}): Promise<QueuePushResult> {
  const agents = a.quick ? 40 : 80;
  const seconds = a.quick ? 30 : 60;
  const auth = { authorization: `Bearer ${a.agentToken}` };
  let stopChanges = false;
  const changes = (async () => {
    while (!stopChanges) {
      await fetch(`${a.base}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.citizenToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          procedureCode: 'RESIDENCE',
          form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' },
        }),
      }).catch(() => undefined);
      await sleep(10_000);
    }
  })();
  let polls = 0;
  let notModified = 0;
  let events = 0;
  /** Each agent's loop, started at a random offset within the period as real screens are. */
  const everyAgent = (loop: (until: number) => Promise<void>) => {
    const until = Date.now() + seconds * 1000;
    return Promise.all(Array.from({ length: agents }, () => loop(until)));
  };
  const poll = (path: string, conditional: boolean) =>
    everyAgent(async (until) => {
      let etag: string | null = null;
      await sleep(Math.random() * 10_000);
      while (Date.now() < until) {
        const r = await fetch(`${a.base}${path}`, { headers: { ...auth, ...(conditional && etag ? { 'if-none-match': etag } : {}) } });
        await r.arrayBuffer();
        polls++;
        if (r.status === 304) notModified++;
        etag = r.headers.get('etag');
        await sleep(10_000);
      }
    });
  const push = () =>
    everyAgent(async (until) => {
      await sleep(Math.random() * 1_000);
      const first = await fetch(`${a.base}/api/v1/requests?limit=25`, { headers: auth });
      await first.arrayBuffer();
      polls++;
      const t = (await (await fetch(`${a.base}/api/v1/requests/stream-ticket`, { method: 'POST', headers: auth })).json()) as {
        ticket: string;
      };
      await new Promise<void>((done) => {
        const req = get(`${a.base}/api/v1/requests/stream?ticket=${encodeURIComponent(t.ticket)}`, (res) => {
          res.on('data', (c: Buffer) => (events += (c.toString().match(/event: request/g) ?? []).length));
        });
        // The phase ends at its time whether or not the stream ever answered (a bench never waits for ever).
        setTimeout(
          () => {
            req.destroy();
            done();
          },
          Math.max(0, until - Date.now()),
        );
        req.on('error', () => done());
      });
    });

  const perAgentMinute = (ms: number) => ms / agents / (seconds / 60);
  const background = await cpuDuring(a.pids, a.pool, () => sleep(seconds * 1000));
  const polled = await cpuDuring(a.pids, a.pool, () => poll('/api/v1/requests?limit=100', false));
  const before = { polls, notModified };
  const pushed = await cpuDuring(a.pids, a.pool, push);
  const pushPolls = polls - before.polls;
  const conditional = await cpuDuring(a.pids, a.pool, () => poll('/api/v1/requests?limit=25', true));
  stopChanges = true;
  await changes;

  // The queue statement's plan and cost: parsed and planned each time, then as a prepared statement (PostgreSQL keeps a generic plan after five runs).
  const [annex] = (await a.pool.query(`SELECT annex_id FROM service_request GROUP BY annex_id ORDER BY count(*) DESC LIMIT 1`)).rows;
  const { sql, params } = queueQuery({ annexId: annex.annex_id, after: null, limit: 100 });
  const c = new Client({ connectionString: a.databaseUrl });
  await c.connect();
  const timings = (rows: { 'QUERY PLAN': unknown }[]) => {
    const plan = (
      rows[0]['QUERY PLAN'] as { Plan: { 'Total Cost': number; 'Node Type': string }; 'Planning Time': number; 'Execution Time': number }[]
    )[0];
    return plan;
  };
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const adHoc: { p: number; e: number }[] = [];
  let cost = '';
  let shape = '';
  for (let i = 0; i < 7; i++) {
    const p = timings((await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)).rows);
    adHoc.push({ p: p['Planning Time'], e: p['Execution Time'] });
    cost = String(p.Plan['Total Cost']);
    shape = p.Plan['Node Type'];
  }
  await c.query(`PREPARE queue_bench AS ${sql}`);
  const prepared: { p: number; e: number }[] = [];
  for (let i = 0; i < 12; i++) {
    // EXECUTE takes its arguments as literals (a bound parameter cannot reach it through EXPLAIN).
    const args = params.map((v) => c.escapeLiteral(String(v))).join(', ');
    const p = timings((await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE queue_bench(${args})`)).rows);
    if (i >= 6) prepared.push({ p: p['Planning Time'], e: p['Execution Time'] });
  }
  await c.end();
  const round = (n: number) => Number(n.toFixed(2));
  return {
    agents,
    seconds,
    background: round(perAgentMinute(background)),
    poll: round(perAgentMinute(polled - background)),
    push: round(perAgentMinute(pushed - background)),
    conditional: round(perAgentMinute(conditional - background)),
    polls: pushPolls,
    notModified,
    events,
    plan: {
      planningMs: round(median(adHoc.map((x) => x.p))),
      executionMs: round(median(adHoc.map((x) => x.e))),
      preparedPlanningMs: round(median(prepared.map((x) => x.p))),
      preparedExecutionMs: round(median(prepared.map((x) => x.e))),
      cost,
      shape,
    },
  };
}
