import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Where Redis is: a URL, or the config (REDIS_URL, or the Sentinel set naming the primary). */
export type RedisTarget = string | Pick<AppConfig, 'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME'>;

/**
 * ioredis options for a target. With Sentinel, ioredis asks the sentinels for the current
 * primary and asks again after a failover (BullMQ's blocking connections included); the URL
 * then gives only the password, user and database number.
 */
export function redisTarget(target: RedisTarget): RedisOptions & { url?: string } {
  if (typeof target === 'string' || !target.REDIS_SENTINELS?.length) return { url: typeof target === 'string' ? target : target.REDIS_URL };
  const u = new URL(target.REDIS_URL);
  const db = Number(u.pathname.slice(1) || 0);
  return {
    sentinels: target.REDIS_SENTINELS.map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    }),
    name: target.REDIS_SENTINEL_NAME,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password), sentinelPassword: decodeURIComponent(u.password) } : {}),
    ...(db ? { db } : {}),
    // A primary demoted by a failover answers writes with READONLY: reconnect (through the
    // sentinels, to the new primary) and send the command again. Not ioredis' failoverDetector:
    // its +switch-master message can arrive while the client is already reconnecting, and that
    // connect then rejects and leaves the client ended for good (seen: readiness 503
    // "connection end" after a failover under load).
    reconnectOnError: (err: Error) => (/^READONLY/.test(err.message) ? 2 : false),
  };
}

/** Options BullMQ needs on its connections (blocking commands must not time out). */
export function bullConnectionOptions(target: RedisTarget): ConnectionOptions {
  // ioredis options as BullMQ 6 types them (its Redis backend hands them to ioredis unchanged).
  return { ...redisTarget(target), maxRetriesPerRequest: null, enableReadyCheck: true } as ConnectionOptions;
}

export function createRedis(target: RedisTarget, extra: RedisOptions = {}): Redis {
  const { url, ...opts } = redisTarget(target);
  const options = { lazyConnect: false, maxRetriesPerRequest: 2, connectTimeout: 2000, ...opts, ...extra };
  return url ? new IORedis(url, options) : new IORedis(options);
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
        const client = createRedis(config);
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
