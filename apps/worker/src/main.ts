import 'reflect-metadata';
import { ConfigError, exitIfStopHangs, validateConfig } from '@app/core';

async function main(): Promise<void> {
  try {
    exitIfStopHangs(validateConfig(process.env).SHUTDOWN_TIMEOUT_SECONDS, 'worker');
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  const { AppConfig, REDIS, runStartupChecks } = await import('@app/core');
  await runStartupChecks(app.get(AppConfig), app.get(REDIS), app.get(Logger), ['chromium', 'fonts', 'sms', 'smtp', 'redis']).catch((e: Error) =>
    app.get(Logger).warn(`startup checks did not run: ${e.message}`),
  );
  app.get(Logger).log('worker started');
}

void main();
