import 'reflect-metadata';
import { AppConfig, AppLogger, ConfigError, exitIfStopHangs, REDIS, runStartupChecks, validateConfig } from '@app/core';

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
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  app.enableShutdownHooks();
  await app.init();
  await runStartupChecks(app.get(AppConfig), app.get(REDIS), app.get(AppLogger), ['fonts', 'sms', 'smtp', 'redis']).catch((e: Error) =>
    app.get(AppLogger).warn(`startup checks did not run: ${e.message}`),
  );
  app.get(AppLogger).log('worker started');
}

void main();
