/** CPU time per process group from /proc (Linux), sampled while a step runs. */
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100;

function stat(pid: number): { ticks: number; ppid: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is the first, ppid the second, utime/stime the 12th and 13th.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export interface CpuTargets {
  /** One process, or the scale profile's several (their CPU is summed under one name). */
  api?: number | number[];
  worker?: number | number[];
  /** PostgreSQL backends serving this database (the shared server's other backends are not counted). */
  database: string;
  /** The redis-server listening on this port. */
  redisPort: string;
}

/** Which group each live process belongs to, or none. */
function classify(t: CpuTargets): Map<number, string> {
  const out = new Map<number, string>();
  const parents = new Map<number, number>();
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  for (const pid of pids) {
    const s = stat(pid);
    if (s) parents.set(pid, s.ppid);
  }
  const descendsFrom = (pid: number, root: number) => {
    for (let p = parents.get(pid), n = 0; p && n < 20; p = parents.get(p), n++) if (p === root) return true;
    return false;
  };
  const list = (x: number | number[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const apis = list(t.api);
  const workers = list(t.worker);
  for (const pid of parents.keys()) {
    if (apis.includes(pid)) out.set(pid, 'API');
    else if (workers.includes(pid)) out.set(pid, 'worker');
    else if (pid === process.pid) out.set(pid, 'load generator');
    else if (workers.some((w) => descendsFrom(pid, w))) out.set(pid, 'Chromium');
    else {
      const cmd = cmdline(pid);
      if (cmd.startsWith('postgres:') && cmd.includes(` ${t.database} `)) out.set(pid, 'PostgreSQL');
      else if (cmd.includes('redis-server') && cmd.includes(`:${t.redisPort}`)) out.set(pid, 'Redis');
    }
  }
  return out;
}

/** Starts sampling; `stop()` gives each group's CPU in cores (CPU seconds per wall second). */
export function sampleCpu(t: CpuTargets, everyMs = 1000): { stop(): Record<string, number> } {
  const started = Date.now();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const group = new Map<number, string>();
  const sample = (initial: boolean) => {
    for (const [pid, g] of classify(t)) {
      const s = stat(pid);
      if (!s) continue;
      group.set(pid, g);
      // A process born during the step (a Chromium renderer, a new backend) counts from zero.
      if (!first.has(pid)) first.set(pid, initial ? s.ticks : 0);
      last.set(pid, s.ticks);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample(false);
      const seconds = (Date.now() - started) / 1000;
      const out: Record<string, number> = { API: 0, worker: 0, PostgreSQL: 0, Redis: 0, Chromium: 0, 'load generator': 0 };
      for (const [pid, g] of group) out[g] += ((last.get(pid) ?? 0) - (first.get(pid) ?? 0)) / CLK_TCK / seconds;
      for (const k of Object.keys(out)) out[k] = Number(out[k].toFixed(2));
      return out;
    },
  };
}
