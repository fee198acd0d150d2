import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { createRedis } from '../redis/redis.module';
import { eventIdFor } from '../outbox/topics';
import { toProblem, unavailableService } from './problem.filter';

describe('backing services unreachable', () => {
  it('maps a refused PostgreSQL connection to 503 naming the database', async () => {
    const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x', connectionTimeoutMillis: 2000 });
    const e = await c.connect().then(
      () => null,
      (err: unknown) => err,
    );
    expect(unavailableService(e)).toBe('database');
    expect(toProblem(e)).toMatchObject({ status: 503, unavailable: 'database', type: expect.stringContaining('service-unavailable') });
  });

  it('maps a Redis that gave up retrying to 503 naming redis', async () => {
    const r = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    r.on('error', () => undefined);
    const e = await r.get('x').then(
      () => null,
      (err: unknown) => err,
    );
    r.disconnect();
    expect(unavailableService(e)).toBe('redis');
  });

  it('leaves ordinary errors alone', () => {
    const bad = new QueryFailedError(
      'SELECT $1::uuid',
      ['x'],
      Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }),
    );
    expect(unavailableService(bad)).toBeNull();
    expect(toProblem(bad).status).toBe(400);
    expect(unavailableService(new Error('boom'))).toBeNull();
    expect(toProblem(new Error('boom')).status).toBe(500);
  });
});

describe('event ids', () => {
  it('are UUIDs, the same for the same event and different for another', () => {
    const issued = eventIdFor('certificate.issued:BRK5-2026-C-000012');
    expect(issued).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor('certificate.issued:BRK5-2026-C-000012')).toBe(issued);
    expect(eventIdFor('certificate.revoked:BRK5-2026-C-000012')).not.toBe(issued);
  });
});
