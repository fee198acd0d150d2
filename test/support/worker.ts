import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** Worker contexts this test file started and has not closed yet. */
const open = new Set<INestApplicationContext>();

/**
 * The worker as `apps/worker` starts it (every processor, the outbox relay, the reconcilers), in
 * this test's process, on the same database and Redis as the test app. Close it in `afterAll`.
 */
export async function startWorker(): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  open.add(ctx);
  const close = ctx.close.bind(ctx);
  ctx.close = async () => {
    open.delete(ctx);
    await close();
  };
  return ctx;
}

// Safety net, after the file's own hooks: a worker a failed test left running (its reference
// overwritten, or its close skipped) would otherwise keep consuming the jest worker's shared
// queues and database in the next files (it took their jobs and broke their connections once).
afterAll(async () => {
  for (const ctx of [...open]) await ctx.close().catch(() => undefined);
}, 120_000);
