/**
 * Open-loop load: each flow sends at its own rate whatever the answers do, and a call's latency
 * runs from the time it was scheduled, not from when it went out, so queueing in the client or
 * the server counts (a closed loop would slow down with the server and hide it).
 */
import { Req } from './lib';

export interface OpenFlow {
  name: string;
  /** Calls a second. */
  rate: number;
  /** The next call, or null when there is no work for it yet (counted as skipped, not sent). */
  next(): Req | null;
  /** Statuses that are a success beyond 2xx (304 for a conditional GET). */
  ok?: number[];
  /** Sees each 2xx answer's body (chains: a filing feeds the claims). */
  onAnswer?(status: number, body: string, headers: Headers): void;
}

export interface FlowResult {
  name: string;
  target: number;
  achieved: number;
  sent: number;
  skipped: number;
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
}

const TIMEOUT_MS = 10_000;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);

/** Runs every flow for `seconds` against `base`; answers still out at the end are awaited (up to the timeout). */
/** `base`: one API, or several taken in turn per call (the scale profile's instances behind a proxy). */
export async function runOpenLoop(base: string | string[], flows: OpenFlow[], seconds: number): Promise<FlowResult[]> {
  const bases = Array.isArray(base) ? base : [base];
  let turn = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const state = flows.map((f, i) => ({
    f,
    // Each flow starts at its own phase so that the flows' sends do not line up.
    due: start + (i / flows.length) * (f.rate > 0 ? 1000 / f.rate : 0),
    latencies: [] as number[],
    sent: 0,
    skipped: 0,
    errors: 0,
    statuses: {} as Record<string, number>,
  }));
  const inflight = new Set<Promise<void>>();
  const send = (s: (typeof state)[number], scheduled: number) => {
    const r = s.f.next();
    if (!r) {
      s.skipped++;
      return;
    }
    s.sent++;
    const p = (async () => {
      let status = 'error';
      try {
        const res = await fetch(bases[turn++ % bases.length] + r.path, {
          method: r.method ?? 'GET',
          headers: r.headers,
          body: r.body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const body = await res.text();
        status = String(res.status);
        if ((res.status >= 200 && res.status < 300) || s.f.ok?.includes(res.status)) s.f.onAnswer?.(res.status, body, res.headers);
        else s.errors++;
      } catch (e) {
        status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'error';
        s.errors++;
      }
      s.statuses[status] = (s.statuses[status] ?? 0) + 1;
      s.latencies.push(performance.now() - scheduled);
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (const s of state) {
        if (s.f.rate <= 0) continue;
        while (s.due <= now && s.due < end) {
          send(s, s.due);
          s.due += 1000 / s.f.rate;
        }
      }
      if (now >= end) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.allSettled([...inflight]);
  return state.map((s) => {
    const sorted = s.latencies.sort((a, b) => a - b);
    return {
      name: s.f.name,
      target: Number(s.f.rate.toFixed(2)),
      achieved: Number(((s.sent - s.errors) / seconds).toFixed(2)),
      sent: s.sent,
      skipped: s.skipped,
      errors: s.errors,
      statuses: s.statuses,
      p50: Math.round(quantile(sorted, 0.5)),
      p95: Math.round(quantile(sorted, 0.95)),
      p99: Math.round(quantile(sorted, 0.99)),
    };
  });
}
