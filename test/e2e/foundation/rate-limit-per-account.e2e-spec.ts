import { Redis } from 'ioredis';
import { REDIS } from '@app/core';
import { createTestApp, TestApp } from '../../support/app';

/**
 * Issue 31: signed-in calls are limited per account, anonymous ones per client IP. Behind a proxy
 * (TRUST_PROXY) the client IP is X-Forwarded-For's: a whole annex behind one NAT shares an address.
 */
describe('rate limits: per account when signed in, per IP otherwise', () => {
  let t: TestApp;
  const saved = { limit: process.env.RATE_LIMIT_PER_MINUTE, proxy: process.env.TRUST_PROXY };
  let agent1 = '';
  let agent2 = '';
  const clearLimits = async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:throttle:*`);
    if (keys.length) await redis.del(...keys);
  };
  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '5';
    process.env.TRUST_PROXY = 'true';
    t = await createTestApp();
    agent1 = await t.token('agent1');
    agent2 = await t.token('agent2');
    await clearLimits();
  });
  afterAll(async () => {
    // The blocks outlive this file in the worker's Redis: the next file must not inherit them.
    await clearLimits();
    await t.close();
    for (const [k, v] of [
      ['RATE_LIMIT_PER_MINUTE', saved.limit],
      ['TRUST_PROXY', saved.proxy],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const me = (token: string, ip: string) => t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).set('x-forwarded-for', ip);

  it('two accounts behind one address are limited apart; one account from two addresses is limited once', async () => {
    for (let i = 0; i < 5; i++) await me(agent1, '10.31.0.1').expect(200);
    const over = await me(agent1, '10.31.0.1');
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toMatch(/problem\+json/);
    expect(over.headers['retry-after']).toBeDefined();
    // Same address, another account: its own budget.
    await me(agent2, '10.31.0.1').expect(200);
    // Same account, another address: still the spent budget.
    await me(agent1, '10.31.0.2').expect(429);
  });

  it('anonymous calls are limited per client address', async () => {
    for (let i = 0; i < 5; i++) await t.http.get('/api/v1/procedures?limit=1').set('x-forwarded-for', '10.31.1.1').expect(200);
    await t.http.get('/api/v1/procedures?limit=1').set('x-forwarded-for', '10.31.1.1').expect(429);
    await t.http.get('/api/v1/procedures?limit=1').set('x-forwarded-for', '10.31.1.2').expect(200);
  });
});
