/**
 * The agents' open queue pages as the agent app holds them (apps/agent-web/src/pages/queue):
 * each page takes a stream ticket (POST /requests/stream-ticket), opens GET /requests/stream and
 * keeps it open; on `ready` and `resync` it asks for the list again with If-None-Match (a 304
 * when nothing changed); a `request` event carries its row, put in place without a call; while
 * the stream is open there is no timed refetch. The national model holds 8 agents × annexes at k
 * streams: those of the bench's annex (where every write happens) get its events, the others sit
 * on an annex with no traffic (their own annexes' events are the same fan-out, counted once here).
 */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

interface Stream {
  close(): void;
}

export interface FleetFigures {
  streams: number;
  liveStreams: number;
  /** `request` events received by the live annex's streams during the step. */
  events: number;
  /** Conditional list calls the pages made on ready/resync, by status. */
  revalidations: Record<string, number>;
  openFailures: number;
  /** The API processes' resident memory and open descriptors with the streams held, and per stream over the no-stream baseline. */
  apiRssMb: number;
  apiFds: number;
  kbPerStream: number | null;
  fdsPerStream: number | null;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function procFigures(pids: number[]): { rssMb: number; fds: number } {
  let rss = 0;
  let fds = 0;
  for (const pid of pids) {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    rss += m ? Number(m[1]) : 0;
    fds += readdirSync(`/proc/${pid}/fd`).length;
  }
  return { rssMb: Math.round(rss / 1024), fds };
}

export class QueueStreams {
  private streams: { live: Stream[]; idle: Stream[] } = { live: [], idle: [] };
  private turn = 0;
  private etags = new Map<string, string>();
  private events = 0;
  private failures = 0;
  private revalidations: Record<string, number> = {};
  private baseline: { rssMb: number; fds: number } | null = null;

  constructor(
    private readonly bases: string[],
    /** Access tokens: an agent of the bench's annex, and one of an annex with no traffic. */
    private readonly tokens: { live: string; idle: string },
    private readonly apiPids: number[],
  ) {}

  /** Holds `n` open streams, `live` of them on the bench's annex (opened `batch` at a time). */
  async resize(n: number, live: number, batch = 40): Promise<void> {
    // The no-stream figures: read just before the first streams open (after any earlier phase).
    this.baseline ??= procFigures(this.apiPids);
    const want = { live: Math.min(live, n), idle: n - Math.min(live, n) };
    for (const kind of ['live', 'idle'] as const) {
      const held = this.streams[kind];
      while (held.length > want[kind]) held.pop()!.close();
      while (held.length < want[kind]) {
        const count = Math.min(batch, want[kind] - held.length);
        const opened = await Promise.all(Array.from({ length: count }, () => this.open(kind === 'live').catch(() => null)));
        for (const s of opened) if (s) held.push(s);
        if (opened.every((s) => !s)) throw new Error('no queue stream could be opened');
      }
    }
  }

  /** An agent back on the queue page: its old stream closes, a new one opens with the ticket just taken. */
  reopen(ticket: string): void {
    const old = this.streams.live.shift();
    if (!old) return;
    old.close();
    void this.connect(ticket, true)
      .then((s) => this.streams.live.push(s))
      .catch(() => this.failures++);
  }

  /** Zeroes the per-step counters. */
  reset(): void {
    this.events = 0;
    this.failures = 0;
    this.revalidations = {};
  }

  figures(): FleetFigures {
    const now = procFigures(this.apiPids);
    const n = this.streams.live.length + this.streams.idle.length;
    return {
      streams: n,
      liveStreams: this.streams.live.length,
      events: this.events,
      revalidations: this.revalidations,
      openFailures: this.failures,
      apiRssMb: now.rssMb,
      apiFds: now.fds,
      kbPerStream: n && this.baseline ? Math.round(((now.rssMb - this.baseline.rssMb) * 1024) / n) : null,
      fdsPerStream: n && this.baseline ? Number(((now.fds - this.baseline.fds) / n).toFixed(2)) : null,
    };
  }

  close(): void {
    for (const s of [...this.streams.live, ...this.streams.idle]) s.close();
    this.streams.live = [];
    this.streams.idle = [];
    agent.destroy();
  }

  private base(): string {
    return this.bases[this.turn++ % this.bases.length];
  }

  private async open(live: boolean): Promise<Stream> {
    const r = await fetch(`${this.base()}/api/v1/requests/stream-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${live ? this.tokens.live : this.tokens.idle}` },
    });
    if (r.status !== 200) {
      this.failures++;
      throw new Error(`stream ticket: ${r.status}`);
    }
    return this.connect(((await r.json()) as { ticket: string }).ticket, live);
  }

  private connect(ticket: string, live: boolean): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${this.base()}/api/v1/requests/stream?ticket=${encodeURIComponent(ticket)}`, { agent }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          this.failures++;
          return reject(new Error(`stream: ${res.statusCode}`));
        }
        res.setEncoding('utf8');
        let buffer = '';
        let ready = false;
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const event = /^event: (\S+)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (event === 'request') this.events++;
            else if (event === 'ready' || event === 'resync') {
              void this.revalidate(live);
              if (!ready) {
                ready = true;
                resolve(stream);
              }
            }
          }
        });
        res.on('error', () => undefined);
      });
      const stream: Stream = { close: () => req.destroy() };
      req.on('error', (e) => reject(e));
    });
  }

  /** The page's list call on ready/resync: conditional on the ETag of its last answer. */
  private async revalidate(live: boolean): Promise<void> {
    const key = live ? 'live' : 'idle';
    const prior = this.etags.get(key);
    try {
      const r = await fetch(`${this.base()}/api/v1/requests?limit=25`, {
        headers: { authorization: `Bearer ${live ? this.tokens.live : this.tokens.idle}`, ...(prior ? { 'if-none-match': prior } : {}) },
        signal: AbortSignal.timeout(10_000),
      });
      await r.arrayBuffer();
      const tag = r.headers.get('etag');
      if (tag) this.etags.set(key, tag);
      this.revalidations[r.status] = (this.revalidations[r.status] ?? 0) + 1;
    } catch {
      this.revalidations.error = (this.revalidations.error ?? 0) + 1;
    }
  }
}
