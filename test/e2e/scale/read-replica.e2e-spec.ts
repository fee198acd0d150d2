import { Client } from 'pg';
import { ChaosRig, chaosPorts, OwnPgBouncer, OwnStandby, until } from '../../../scripts/lib/chaos';

// A real streaming replica: the production build on a PostgreSQL of its own, and a hot standby
// made from it with pg_basebackup on a second port (never this run's shared servers), both
// reached through PgBouncer in transaction mode as in production. Lag-tolerant reads go to the
// standby, fall back to the primary when it lags beyond the limit or stops, and read-your-writes
// routes never see its lag.
jest.setTimeout(300_000);

const CIN = 'BK123456';
const base = Number(process.env.REPLICA_PORT_BASE ?? 24160);

describe('read replica (PostgreSQL streaming replication)', () => {
  const rig = new ChaosRig(chaosPorts(base));
  const standby = new OwnStandby(base + 5, rig.dir, rig.ports.postgres);
  const pooler = new OwnPgBouncer(base + 6, rig.dir, { annex: rig.ports.postgres, annex_replica: base + 5 });
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${rig.base}/metrics`)).text();
    return Number(line.exec(text)?.[1] ?? NaN);
  };
  const state = async (s: string) => (await metric(new RegExp(`^db_replica_state\\{state="${s}"\\} (\\d+)`, 'm'))) === 1;
  const replicaReads = () => metric(/^db_replica_reads_total\{source="replica"\} (\d+)/m);
  const track = async (code: string) => (await rig.http('GET', `/api/v1/track/${code}?cin=${CIN}`)).body;

  beforeAll(async () => {
    await rig.start(
      {
        DATABASE_URL: pooler.url('annex'),
        DATABASE_REPLICA_URL: pooler.url('annex_replica'),
        REPLICA_MAX_LAG_SECONDS: '4',
        REPLICA_CHECK_MS: '250',
        // Debian 12's PgBouncer (1.18) cannot carry named statements across server connections in
        // transaction mode; the compose profile's PgBouncer 1.24 can (max_prepared_statements).
        DB_PREPARED_STATEMENTS: 'false',
      },
      () => pooler.start(),
    );
    await standby.init();
  });
  afterAll(async () => {
    await standby.stop().catch(() => undefined);
    await rig.stop();
    await pooler.stop();
  });

  it('serves lag-tolerant reads from the replica, keeps read-your-writes on the primary, and falls back when it lags or stops', async () => {
    const citizen = await rig.login(CIN);
    const agent = await rig.login('agent1', 1);
    await until('reads routed to the replica', () => state('up'), 30_000, 250);

    // Replica-routed: with replay paused, tracking shows the state the replica has.
    const { id } = await rig.submit();
    const mine = await rig.http('GET', `/api/v1/requests/${id}`, citizen);
    const code = mine.body.trackingCode as string;
    await until(
      'the replica has the new request',
      async () => {
        const c = new Client({ connectionString: standby.url });
        await c.connect();
        const { rowCount } = await c.query(`SELECT 1 FROM service_request WHERE id = $1`, [id]).finally(() => c.end());
        return rowCount === 1;
      },
      10_000,
      100,
    );
    const before = await replicaReads();
    await standby.replay(false);
    const claimed = await rig.http('POST', `/api/v1/requests/${id}/claim`, agent);
    expect(claimed.status).toBe(200);
    expect(claimed.body.state).toBe('in_review');
    // The public tracking (lag-tolerant) answers from the paused replica: still `submitted`…
    expect((await track(code)).state).toBe('submitted');
    expect(await replicaReads()).toBeGreaterThan(before);
    // …while the citizen's and the agent's own reads (read-your-writes) are on the primary.
    expect((await rig.http('GET', `/api/v1/requests/${id}`, citizen)).body.state).toBe('in_review');
    expect((await rig.http('GET', `/api/v1/requests/${id}`, agent)).body.state).toBe('in_review');
    // A code received just now is found even though the replica has not replayed it.
    const fresh = await rig.submit();
    const freshCode = (await rig.http('GET', `/api/v1/requests/${fresh.id}`, citizen)).body.trackingCode as string;
    expect(await track(freshCode)).toMatchObject({ trackingCode: freshCode, state: 'submitted' });

    // Beyond REPLICA_MAX_LAG_SECONDS (4 s) behind: reads go to the primary.
    await until('the paused replica counted as lagging', () => state('lagging'), 30_000, 250);
    expect((await track(code)).state).toBe('in_review');

    // Replay resumed: back on the replica, which now has the change.
    await standby.replay(true);
    await until('reads back on the replica', () => state('up'), 30_000, 250);
    const back = await replicaReads();
    expect((await track(code)).state).toBe('in_review');
    expect(await replicaReads()).toBeGreaterThan(back);

    // The replica stopped: the very next reads are answered (by the primary), never a 5xx.
    await standby.stop();
    const during = await rig.http('GET', `/api/v1/track/${code}?cin=${CIN}`);
    expect(during.status).toBe(200);
    expect(during.body.state).toBe('in_review');
    expect((await rig.http('GET', '/api/v1/procedures')).status).toBe(200);
    expect((await rig.http('GET', '/api/v1/transparency')).status).toBe(200);
    await until('the stopped replica counted as down', () => state('down'), 30_000, 250);
    expect((await rig.http('GET', `/api/v1/track/${code}?cin=${CIN}`)).body.state).toBe('in_review');

    // Started again: reads return to it by themselves.
    await standby.start();
    await until('reads back on the restarted replica', () => state('up'), 60_000, 250);

    // All of it through PgBouncer in transaction mode, on both sides.
    const pooled = await pooler.transactions();
    expect(pooled.annex).toBeGreaterThan(100);
    expect(pooled.annex_replica).toBeGreaterThan(10);
  });
});
