import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Options BullMQ needs on its connections (blocking commands must not time out). */
export function bullConnectionOptions(url: string): RedisOptions & { url: string } {
  return { url, maxRetriesPerRequest: null, enableReadyCheck: true };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, { lazyConnect: false, maxRetriesPerRequest: 2, connectTimeout: 2000, ...extra });
}

/**
 * Logs a lost connection once when it goes and once when it is back, with how long it lasted
 * (ioredis retries quietly in between; BullMQ's own connections follow the same server).
 */
export function logConnectionLoss(client: Redis, logger = new Logger('Redis')): void {
  let lostAt: number | null = null;
  client.on('close', () => {
    const at = Date.now();
    // After `close` ioredis moves to `reconnecting`, or to `end` when we closed it ourselves.
    setImmediate(() => {
      if (lostAt !== null || client.status === 'end') return;
      lostAt = at;
      logger.warn('Redis connection lost; retrying');
    });
  });
  client.on('ready', () => {
    if (lostAt === null) return;
    logger.warn(`Redis connection back after ${((Date.now() - lostAt) / 1000).toFixed(1)} s`);
    lostAt = null;
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client for commands (rate limits, caches); BullMQ opens its own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const client = createRedis(config.REDIS_URL);
        // Errors surface through health checks; do not crash on a reconnect.
        client.on('error', () => undefined);
        logConnectionLoss(client);
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
