import { ChaosRig, chaosPorts } from '../../../scripts/lib/chaos';
import { SentinelSet, sentinelFailover } from '../../../scripts/lib/scale';

// Redis Sentinel on loopback (a primary, a replica, three sentinels; never this run's shared
// Redis): the production build connects through the sentinels (REDIS_SENTINELS), the primary is
// killed with SIGKILL under submissions, and what a failover drops the reconciler restores.
jest.setTimeout(420_000);

const base = Number(process.env.SENTINEL_PORT_BASE ?? 24170);

describe('Redis Sentinel failover', () => {
  const rig = new ChaosRig(chaosPorts(base));
  const sentinels = new SentinelSet(rig.dir, rig.ports.redis, base + 5, [base + 6, base + 7, base + 8]);
  afterAll(async () => {
    await rig.stop();
    await sentinels.stop();
  });

  it('loses nothing and doubles nothing when the primary dies under submissions', async () => {
    await rig.start(sentinels.env, () => sentinels.start());
    const r = await sentinelFailover(rig, sentinels, Number(process.env.SENTINEL_SUBMISSIONS ?? 300));
    expect({ ok: r.ok, counts: r.counts }).toEqual({ ok: true, counts: r.counts });
    expect(r.counts.primaryAfter).toBe(base + 5);
  });
});
