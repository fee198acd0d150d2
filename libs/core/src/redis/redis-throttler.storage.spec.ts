import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from './redis.module';
import { LocalThrottlerStorage, RedisThrottlerStorage } from './redis-throttler.storage';

describe('rate limit storage', () => {
  it('counts fixed windows in process memory: blocks past the limit, starts again after the window', () => {
    const local = new LocalThrottlerStorage();
    const t0 = 1_000_000;
    expect(local.increment('ip', 60_000, 2, 30_000, t0)).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(local.increment('ip', 60_000, 2, 30_000, t0 + 1000).isBlocked).toBe(false);
    expect(local.increment('ip', 60_000, 2, 30_000, t0 + 2000)).toEqual({
      totalHits: 3,
      timeToExpire: 58,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    expect(local.increment('other', 60_000, 2, 30_000, t0 + 2000).isBlocked).toBe(false);
    // Still blocked after its window ended if the block outlasts it; free afterwards.
    expect(local.increment('ip', 60_000, 2, 90_000, t0 + 61_000)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  describe('with Redis', () => {
    const config = { QUEUE_PREFIX: `spec${process.pid}` } as AppConfig;
    let live: Redis;
    let dead: Redis;
    beforeAll(async () => {
      live = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      if (live.status !== 'ready') await new Promise((ok) => live.once('ready', ok));
      dead = createRedis('redis://127.0.0.1:1', { retryStrategy: () => 1000 });
      dead.on('error', () => undefined);
    });
    afterAll(async () => {
      await live.quit();
      dead.disconnect();
    });

    it('shares windows through Redis while it answers', async () => {
      const storage = new RedisThrottlerStorage(live, config);
      const key = `k${Date.now()}`;
      await storage.increment(key, 60_000, 1, 60_000, 'default');
      const second = await storage.increment(key, 60_000, 1, 60_000, 'default');
      expect(second).toMatchObject({ totalHits: 2, isBlocked: true });
      // Another instance sees the same count.
      expect((await new RedisThrottlerStorage(live, config).increment(key, 60_000, 1, 60_000, 'default')).totalHits).toBe(3);
      expect(storage.degraded).toBe(false);
    });

    it('fails open to the per-instance windows when Redis is unreachable, still limiting', async () => {
      const storage = new RedisThrottlerStorage(dead, config);
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push(await storage.increment('ip', 60_000, 2, 60_000, 'default'));
      expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      expect(storage.degraded).toBe(true);
      expect(storage.fallbackRequests).toBe(3);
      expect(storage.fallbackActivations).toBe(1);
    });
  });
});
