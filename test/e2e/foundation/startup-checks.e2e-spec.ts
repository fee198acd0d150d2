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

  it('the worker prints one line per check, and a FONTS_DIR without the PDF fonts says certificates and receipts will not render', async () => {
    const out = await workerStartOutput({
      FONTS_DIR: '/nonexistent/fonts',
      SMS_PROVIDER: 'file',
      SMS_FILE: '/tmp/annex-startup-checks-sms.jsonl',
      SMTP_URL: '',
    });
    expect(line(out, 'fonts')).toContain('FAILED — missing under /nonexistent/fonts: truetype/noto/NotoSerif-Regular.ttf');
    expect(line(out, 'fonts')).toContain('opentype/fonts-hosny-amiri/Amiri-Regular.ttf');
    expect(line(out, 'fonts')).toContain('certificates and receipts will not render');
    expect(line(out, 'sms')).toContain('sink mode: written to /tmp/annex-startup-checks-sms.jsonl');
    expect(line(out, 'smtp')).toContain('disabled (SMTP_URL empty)');
    expect(line(out, 'redis')).toMatch(/appendonly=(yes|no)/);
    // Each line once, and no browser is looked for any more (PDFs are drawn without one).
    expect(out.split('startup check ').length - 1).toBe(4);
    expect(line(out, 'chromium')).toBe('');
  });

  it('with the fonts there the fonts line is ok; an unreachable SMTP server is named by host and port', async () => {
    const out = await workerStartOutput({ SMTP_URL: 'smtp://user:secret@127.0.0.1:9/' });
    expect(line(out, 'fonts')).toContain('ok — 7 PDF fonts under /usr/share/fonts');
    expect(line(out, 'smtp')).toContain('FAILED — 127.0.0.1:9 unreachable');
    expect(out).not.toContain('secret');
  });

  describe('readiness includes the PDF renderer', () => {
    let t: TestApp;
    const saved = process.env.FONTS_DIR;
    afterEach(async () => {
      await t?.close();
      if (saved === undefined) delete process.env.FONTS_DIR;
      else process.env.FONTS_DIR = saved;
    });

    it('is not ready without its fonts, and ready with them', async () => {
      process.env.FONTS_DIR = '/nonexistent/fonts';
      t = await createTestApp();
      const r = await t.http.get('/health/ready').expect(503);
      expect(r.body.details).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
        pdf: {
          status: 'down',
          message: expect.stringContaining('fonts missing under /nonexistent/fonts: truetype/noto/NotoSerif-Regular.ttf'),
        },
      });
      await t.close();
      if (saved === undefined) delete process.env.FONTS_DIR;
      else process.env.FONTS_DIR = saved;
      t = await createTestApp();
      const ok = await t.http.get('/health/ready').expect(200);
      expect(ok.body.details.pdf).toEqual({ status: 'up' });
    });
  });
});
