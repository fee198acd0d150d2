import { createServer, Server, Socket, connect } from 'node:net';
import { createTestApp, TestApp } from '../../support/app';

/** A TCP relay in front of PostgreSQL that the test can cut, to make the database unreachable. */
async function startRelay(target: URL): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as { port: number }).port,
    cut: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

describe('health', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('is live and ready when PostgreSQL and Redis answer', async () => {
    t = await createTestApp();
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers 503 on /health/ready when PostgreSQL becomes unreachable, while staying live', async () => {
    const real = new URL(process.env.DATABASE_URL!);
    const relay = await startRelay(real);
    const viaRelay = new URL(real);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = viaRelay.toString();
    try {
      t = await createTestApp();
    } finally {
      process.env.DATABASE_URL = saved;
    }
    await t.http.get('/health/ready').expect(200);
    await relay.cut();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body.details.database.status).toBe('down');
    expect(res.body.details.redis.status).toBe('up');
    await t.http.get('/health/live').expect(200);
  });
});
