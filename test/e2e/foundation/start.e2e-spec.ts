import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../scripts/lib/services';

const repo = resolve(__dirname, '../../..');

/**
 * `npm start` a second time with nothing changed: it reaches ready without building anything
 * (asserted from build.js's own lines and the outputs' files, not from a duration), prints the
 * URL banner last, repeats it on Enter, and stops cleanly on SIGINT.
 */
describe('npm start, second run', () => {
  beforeAll(
    () =>
      execFileSync(process.execPath, ['scripts/build.js'], { cwd: repo, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } }),
    180_000,
  );

  it('builds nothing when nothing changed, then serves, repeats the URLs on demand and stops on Ctrl-C', async () => {
    const outputs = [
      'dist/.build-stamp',
      'dist/apps/api/main.js',
      'apps/citizen-web/dist/index.html',
      'apps/agent-web/dist/index.html',
    ].map((f) => join(repo, f));
    const before = outputs.map((f) => statSync(f).mtimeMs);
    const scratch = mkdtempSync(join(tmpdir(), 'annex-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/start.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        SMS_FILE: join(scratch, 'sms.jsonl'),
        UPLOAD_DIR: join(scratch, 'uploads'),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const until = (pred: () => boolean) =>
      new Promise<void>((ok, fail) => {
        const tick = setInterval(() => {
          if (pred()) return (clearInterval(tick), ok());
          if (child.exitCode !== null)
            return (clearInterval(tick), fail(new Error(`npm start exited ${child.exitCode}: ${out.slice(-3000)}`)));
        }, 100);
      });
    const banners = () => out.split('is running (Ctrl-C stops everything)').length - 1;
    await until(() => banners() === 1);
    expect(out).toContain('api and worker: up to date');
    expect(out).toContain('citizen-web: up to date');
    expect(out).toContain('agent-web: up to date');
    expect(out).not.toContain(': building');
    expect(outputs.map((f) => statSync(f).mtimeMs)).toEqual(before);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    child.stdin.write('\n');
    // The repeated banner ends with its hint (a warning of the API may be written around it).
    await until(
      () =>
        banners() === 2 && out.slice(out.lastIndexOf('is running (Ctrl-C stops everything)')).includes('(Enter or u: these URLs again)'),
    );

    child.kill('SIGINT');
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect(code).toBe(0);
  }, 120_000);
});
