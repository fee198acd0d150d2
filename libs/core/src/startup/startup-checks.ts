import { connect } from 'node:net';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { missingPdfFonts, PDF_FONT_FILES } from './pdf-fonts';

/**
 * What a process needs from its machine, checked once at start, one line each: missing fonts
 * used to show only as certificates that never appeared. Nothing here stops the process
 * (the API and the rest of the worker still serve); a failed check is logged as a warning.
 */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

const reachable = (host: string, port: number, timeoutMs = 2000) =>
  new Promise<void>((ok, fail) => {
    const s = connect({ host, port, timeout: timeoutMs });
    s.once('connect', () => (s.destroy(), ok()));
    s.once('timeout', () => (s.destroy(), fail(new Error(`no answer in ${timeoutMs} ms`))));
    s.once('error', (e) => (s.destroy(), fail(e)));
  });

/** The fonts certificate and receipt PDFs are drawn with: each file there and readable. */
export async function checkFonts(fontsDir: string): Promise<CheckResult> {
  const missing = await missingPdfFonts(fontsDir);
  return missing.length
    ? {
        name: 'fonts',
        ok: false,
        detail: `missing under ${fontsDir}: ${missing.join(', ')}: certificates and receipts will not render (apt-get install fonts-hosny-amiri fonts-noto-core fonts-dejavu-core, or set FONTS_DIR)`,
      }
    : { name: 'fonts', ok: true, detail: `${Object.keys(PDF_FONT_FILES).length} PDF fonts under ${fontsDir}` };
}

function endpoint(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) || defaultPort };
}

export async function checkSms(config: AppConfig): Promise<CheckResult> {
  if (config.SMS_PROVIDER === 'file') return { name: 'sms', ok: true, detail: `sink mode: written to ${config.SMS_FILE}, not sent` };
  if (config.SMS_PROVIDER === 'console') return { name: 'sms', ok: true, detail: 'sink mode: console, not sent' };
  const { host, port } = endpoint(config.SMS_HTTP_URL!, config.SMS_HTTP_URL!.startsWith('https') ? 443 : 80);
  return reachable(host, port).then(
    () => ({ name: 'sms', ok: true, detail: `gateway ${host}:${port} reachable` }),
    (e: Error) => ({
      name: 'sms',
      ok: false,
      detail: `gateway ${host}:${port} unreachable (${e.message}): SMS are retried until it answers`,
    }),
  );
}

export async function checkSmtp(config: AppConfig): Promise<CheckResult> {
  if (!config.SMTP_URL) return { name: 'smtp', ok: true, detail: 'disabled (SMTP_URL empty): no email is sent' };
  // Host and port only: the URL carries credentials.
  const { host, port } = endpoint(config.SMTP_URL, config.SMTP_URL.startsWith('smtps') ? 465 : 587);
  return reachable(host, port).then(
    () => ({ name: 'smtp', ok: true, detail: `${host}:${port} reachable` }),
    (e: Error) => ({ name: 'smtp', ok: false, detail: `${host}:${port} unreachable (${e.message}): emails are retried until it answers` }),
  );
}

/** Queued jobs (SLA timers, notifications, renders) live in Redis: without persistence a restart loses them. */
export async function checkRedisPersistence(redis: Redis): Promise<CheckResult> {
  try {
    const aof = ((await redis.config('GET', 'appendonly')) as string[])[1];
    const save = ((await redis.config('GET', 'save')) as string[])[1];
    const policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
    const persisted = aof === 'yes' || Boolean(save);
    const detail = `appendonly=${aof}, save='${save}', maxmemory-policy=${policy}`;
    if (policy !== 'noeviction')
      return { name: 'redis', ok: false, detail: `${detail}: Redis may evict queued jobs (set maxmemory-policy noeviction)` };
    return persisted
      ? { name: 'redis', ok: true, detail }
      : { name: 'redis', ok: false, detail: `${detail}: no persistence, queued jobs are lost if Redis restarts (fine for a local run)` };
  } catch (e) {
    return { name: 'redis', ok: true, detail: `persistence settings not readable (${(e as Error).message}); check them on the server` };
  }
}

/** Every check, in parallel, each printed as `startup check <name>: ok|FAILED — <detail>`. */
export async function runStartupChecks(
  config: AppConfig,
  redis: Redis,
  log: { log(msg: string): void; warn(msg: string): void },
  which: ('fonts' | 'sms' | 'smtp' | 'redis')[],
): Promise<CheckResult[]> {
  const all = {
    fonts: () => checkFonts(config.FONTS_DIR),
    sms: () => checkSms(config),
    smtp: () => checkSmtp(config),
    redis: () => checkRedisPersistence(redis),
  };
  const results = await Promise.all(which.map((w) => all[w]()));
  for (const r of results)
    (r.ok ? log.log.bind(log) : log.warn.bind(log))(`startup check ${r.name}: ${r.ok ? 'ok' : 'FAILED'} — ${r.detail}`);
  return results;
}
