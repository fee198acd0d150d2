import 'reflect-metadata';
import { ConfigError, exitIfStopHangs, validateConfig } from '@app/core';

async function main(): Promise<void> {
  let port: number;
  try {
    const config = validateConfig(process.env);
    port = config.PORT;
    exitIfStopHangs(config.SHUTDOWN_TIMEOUT_SECONDS, 'api');
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const { createApiApp } = await import('./bootstrap');
  const app = await createApiApp();
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
}

void main();
