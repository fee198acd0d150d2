import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from '../../support/app';

const repo = resolve(__dirname, '../../..');

/** Runs the built worker until its "worker started" line; returns everything it printed. */
async function workerStartOutput(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['dist/apps/worker/main.js'], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker started')) ok();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`worker exited ${code}: ${out.slice(-2000)}`)));
  });
  child.kill('SIGTERM');
  await new Promise((ok) => child.once('exit', ok));
  return out;
}

const line = (out: string, name: string) => out.split('\n').find((l) => l.includes(`startup check ${name}:`)) ?? '';

describe('start-up checks', () => {
  beforeAll(
    () =>
      execFileSync(process.execPath, ['scripts/build.js'], { cwd: repo, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } }),
    180_000,
  );

  it('the worker prints one line per check, and a bad CHROMIUM_PATH says certificates will not render', async () => {
    const out = await workerStartOutput({
      CHROMIUM_PATH: '/nonexistent/chromium',
      SMS_PROVIDER: 'file',
      SMS_FILE: '/tmp/annex-startup-checks-sms.jsonl',
      SMTP_URL: '',
    });
    expect(line(out, 'chromium')).toContain('FAILED — /nonexistent/chromium not found or not executable: certificates will not render');
    expect(line(out, 'fonts')).toContain('ok — Amiri, Noto Serif, Noto Naskh Arabic, Noto Sans Tifinagh');
    expect(line(out, 'sms')).toContain('sink mode: written to /tmp/annex-startup-checks-sms.jsonl');
    expect(line(out, 'smtp')).toContain('disabled (SMTP_URL empty)');
    expect(line(out, 'redis')).toMatch(/appendonly=(yes|no)/);
    // Each line once.
    expect(out.split('startup check ').length - 1).toBe(5);
  });

  it('with the real browser the chromium line is ok and names its version; an unreachable SMTP server is named by host and port', async () => {
    const out = await workerStartOutput({ SMTP_URL: 'smtp://user:secret@127.0.0.1:9/' });
    expect(line(out, 'chromium')).toMatch(/ok — Chromium \d+/);
    expect(line(out, 'smtp')).toContain('FAILED — 127.0.0.1:9 unreachable');
    expect(out).not.toContain('secret');
  });

  describe('readiness includes the PDF renderer', () => {
    let t: TestApp;
    const saved = process.env.CHROMIUM_PATH;
    afterEach(async () => {
      await t?.close();
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    });

    it('is not ready without the browser', async () => {
      process.env.CHROMIUM_PATH = '/nonexistent/chromium';
      t = await createTestApp();
      const r = await t.http.get('/health/ready').expect(503);
      expect(r.body.details).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
        pdf: { status: 'down', message: '/nonexistent/chromium not found or not executable' },
      });
    });
  });
});
