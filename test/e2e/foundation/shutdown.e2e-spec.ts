import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../../scripts/lib/services';
import { eventually } from '../../support/app';

/**
 * A stop that cannot finish (its Redis gone first, as when a developer's Ctrl-C stops everything
 * at once) still ends the process by SHUTDOWN_TIMEOUT_SECONDS, instead of leaving an orphan.
 */
describe('stopping when the servers are already gone', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  it('the worker exits with status 1 and says why, past its shutdown deadline', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    children.push(redis);
    const worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, SHUTDOWN_TIMEOUT_SECONDS: '2', LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(worker);
    let out = '';
    worker.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    worker.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await eventually(async () => out.includes('worker started'), 60_000, 200);

    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    worker.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => worker.once('exit', (c) => r(c)));
    expect(out).toContain('worker: graceful stop took over 2 s; exiting');
    expect(code).toBe(1);
  }, 90_000);
});
