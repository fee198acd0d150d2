import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/**
 * The worker as `apps/worker` starts it (every processor, the outbox relay, the reconcilers), in
 * this test's process, on the same database and Redis as the test app. Close it in `afterAll`.
 */
export function startWorker(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule, { logger: false });
}
