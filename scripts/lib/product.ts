/**
 * Starts the BUILT product as production runs it: the API and the worker as two processes,
 * on a given database and Redis, with a scratch folder for uploads and the SMS file sink.
 * Used by the browser tests and the benchmark.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSecrets } from './secrets';
import { freePort } from './services';

export interface Product {
  base: string;
  env: NodeJS.ProcessEnv;
  api: ChildProcess;
  worker: ChildProcess;
  /** SIGTERM to both; resolves when both have exited (their graceful stop has its own deadline). */
  stop(): Promise<void>;
}

export async function startProduct(opts: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
}): Promise<Product> {
  // PRODUCT_PORT pins the port (a shared machine may allow only a range); otherwise any free one.
  const port = Number(process.env.PRODUCT_PORT) || (await freePort());
  const scratch = mkdtempSync(join(tmpdir(), `annex-${opts.queuePrefix}-`));
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: opts.queuePrefix,
    ...localSecrets(join(scratch, 'secrets')),
    PUBLIC_URL: base,
    SMS_PROVIDER: 'file',
    SMS_FILE: join(scratch, 'sms.jsonl'),
    UPLOAD_DIR: join(scratch, 'uploads'),
    BASE_URL: base,
    ...opts.env,
  };
  const stdio: ['ignore', 'ignore' | 'inherit', 'inherit'] = ['ignore', opts.quiet ? 'ignore' : 'inherit', 'inherit'];
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], { env, stdio });
  const worker = spawn(process.execPath, ['dist/apps/worker/main.js'], { env, stdio });
  // Whatever ends this process (even process.exit), the product goes with it.
  process.once('exit', () => {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error(`api exited with ${api.exitCode}`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`${base}/health/ready not ready after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    env,
    api,
    worker,
    stop: async () => {
      const exited = (c: ChildProcess) =>
        c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((ok) => c.once('exit', () => ok()));
      api.kill('SIGTERM');
      worker.kill('SIGTERM');
      await Promise.all([exited(api), exited(worker)]);
    },
  };
}
