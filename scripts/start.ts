/**
 * `npm start`: the whole product on one machine.
 * Uses DATABASE_URL / REDIS_URL when set; otherwise starts an embedded PostgreSQL (data in .data/)
 * and a redis-server on free ports. Then builds, migrates, loads the demo data (idempotent),
 * runs the API (which also serves both SPAs) and the worker, and prints the URLs and demo logins.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { localSecrets } from './lib/secrets';
import { ensureServices, freePort } from './lib/services';
import { runMigrations } from './migrate';
import { DEMO_DEFAULT_PASSWORD, DEMO_STAFF, DEMO_CITIZEN_CIN } from './seed-demo';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const services = await ensureServices({ dataRoot: '.data', database: 'annex' });
  const secrets = localSecrets('.data/secrets');
  const port = process.env.PORT ? Number(process.env.PORT) : (await isFree(3000)) ? 3000 : await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    DATABASE_URL: services.DATABASE_URL,
    REDIS_URL: services.REDIS_URL,
    PORT: String(port),
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    JWT_SECRET: process.env.JWT_SECRET ?? secrets.JWT_SECRET,
    CERT_SIGNING_KEY: process.env.CERT_SIGNING_KEY ?? secrets.CERT_SIGNING_KEY,
    SMS_PROVIDER: process.env.SMS_PROVIDER ?? 'file',
    SMS_FILE: process.env.SMS_FILE ?? '.data/sms.jsonl',
  };
  Object.assign(process.env, env);

  // Incremental: each part (api + worker, each SPA) is rebuilt only when its sources changed.
  if (!process.argv.includes('--no-build')) execFileSync('node', ['scripts/build.js'], { stdio: 'inherit', env });
  const applied = await runMigrations(services.DATABASE_URL);
  say(applied.length ? `migrations applied: ${applied.length}` : 'schema up to date');
  execFileSync('node', ['-r', '@swc-node/register', 'scripts/seed-demo.ts'], { stdio: 'inherit', env });

  // The processes log JSON (as in production); a person at a terminal reads them through
  // pino-pretty, one line each (LOG_FORMAT=json keeps the JSON).
  const pretty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json' ? prettyStream() : null;
  const children: ChildProcess[] = [];
  for (const app of ['api', 'worker']) {
    const child = spawn('node', [`dist/apps/${app}/main.js`], { stdio: ['ignore', pretty ? 'pipe' : 'inherit', 'inherit'], env });
    if (pretty) child.stdout!.pipe(pretty, { end: false });
    child.on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${app} exited with code ${code}; stopping\n`);
        void stop(1);
      }
    });
    children.push(child);
  }
  let stopping = false;
  const stop = async (code = 0) => {
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await services.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const base = `http://localhost:${port}`;
  await waitReady(`${base}/health/ready`);
  const password = process.env.DEMO_PASSWORD || DEMO_DEFAULT_PASSWORD;
  const banner = () =>
    say(`
Annexe administrative numérique is running (Ctrl-C stops everything)
  citizen app      ${base}/
  kiosk (GAU)      ${base}/kiosk
  display screen   ${base}/screen
  agent app        ${base}/agent/
  API docs         ${base}/docs      (spec: ${base}/docs-json)
  health           ${base}/health/ready
  SMS sink         ${env.SMS_PROVIDER === 'file' ? env.SMS_FILE : env.SMS_PROVIDER}

Demo logins (password: ${process.env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : password})
  staff:   ${DEMO_STAFF.map((s) => `${s.username} (${s.role})`).join(', ')}
  citizen: CIN ${DEMO_CITIZEN_CIN}
  (Enter or u: these URLs again)
`);
  banner();
  // The URLs again on demand, once the logs have scrolled them away.
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (key: string) => {
    if (key.trim() === '' || key.trim() === 'u') banner();
  });
}

function prettyStream(): NodeJS.WritableStream | null {
  try {
    // A devDependency: absent from a production install, where the JSON is printed as is.
    const pinoPretty = require('pino-pretty') as (o: object) => NodeJS.WritableStream;
    return pinoPretty({ singleLine: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' });
  } catch {
    return null;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = require('node:net').createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
