import { Redis } from 'ioredis';
import { REDIS } from '@app/core';
import { createTestApp, TestApp } from '../../support/app';

/** Public tracking could be used to probe CINs: it has the tighter per-IP limit. */
describe('public tracking rate limit', () => {
  let t: TestApp;
  const previous = process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
  beforeAll(async () => {
    process.env.RATE_LIMIT_PUBLIC_PER_MINUTE = '5';
    t = await createTestApp();
  });
  afterAll(async () => {
    // The block outlives this file in the worker's Redis: clear it, or the next file's tracking is refused.
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:throttle:*`);
    if (keys.length) await redis.del(...keys);
    await t.close();
    if (previous === undefined) delete process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
    else process.env.RATE_LIMIT_PUBLIC_PER_MINUTE = previous;
  });

  it('answers 429 problem+json with Retry-After once the per-minute budget is spent, while the guide stays open', async () => {
    const statuses: number[] = [];
    let limited: any = null;
    for (let i = 0; i < 8 && !limited; i++) {
      const res = await t.http.get(`/api/v1/track/BRK5-2026-${String(900000 + i)}?cin=AB123456`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
    expect(limited).not.toBeNull();
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.headers['retry-after']).toBeDefined();
    await t.http.get('/api/v1/procedures?limit=1').expect(200);
  });
});
