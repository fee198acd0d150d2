import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
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
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
