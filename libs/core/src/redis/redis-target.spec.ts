import { generateKeyPairSync } from 'node:crypto';
import { validateConfig } from '../config/app-config';
import { bullConnectionOptions, redisTarget } from './redis.module';

const base = {
  DATABASE_URL: 'postgres://x@h/db',
  JWT_SECRET: 'x'.repeat(32),
  CERT_SIGNING_KEY: (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
};

describe('Redis target (URL or Sentinel)', () => {
  it('uses the URL when no sentinel is configured', () => {
    expect(redisTarget(validateConfig({ ...base, REDIS_URL: 'redis://r:6379/2' }))).toEqual({ url: 'redis://r:6379/2' });
  });

  it('asks the sentinels for the primary, keeping the URL’s password and database, for commands and BullMQ alike', () => {
    const config = validateConfig({
      ...base,
      REDIS_URL: 'redis://:s%40cret@ignored:6379/3',
      REDIS_SENTINELS: 's1:26379, s2:26380,10.0.0.3:26379',
      REDIS_SENTINEL_NAME: 'annex',
    });
    expect(redisTarget(config)).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '10.0.0.3', port: 26379 },
      ],
      name: 'annex',
      password: 's@cret',
      sentinelPassword: 's@cret',
      db: 3,
    });
    expect(redisTarget(config)).not.toHaveProperty('url');
    expect(bullConnectionOptions(config)).toMatchObject({ name: 'annex', maxRetriesPerRequest: null });
  });

  it('refuses a sentinel list that is not host:port', () => {
    expect(() => validateConfig({ ...base, REDIS_URL: 'redis://r', REDIS_SENTINELS: 's1' })).toThrow(
      'Invalid configuration: REDIS_SENTINELS must be a comma list of host:port',
    );
    expect(() => validateConfig({ ...base, REDIS_URL: 'redis://r', DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(
      'Invalid configuration: DATABASE_REPLICA_URL must be a postgres:// URL',
    );
  });
});
