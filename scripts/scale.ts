/**
 * Beyond one machine at full size: `npm run scale` (`-- --quick` for the sizes the jest suites
 * use). Needs the production build (`npm run build`), redis-server and PostgreSQL 15's initdb /
 * pg_ctl (CHAOS_PG_BIN); its own servers on loopback ports from SCALE_PORT_BASE (24150) and
 * SENTINEL_PORT_BASE (24170). 2 API + 2 workers, then a Redis Sentinel failover under submissions.
 */
import { ChaosRig, chaosPorts } from './lib/chaos';
import { runScale, SCALE_FULL, SCALE_SHORT, SentinelSet, sentinelFailover } from './lib/scale';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const results = await runScale(quick ? SCALE_SHORT : SCALE_FULL);
  const base = Number(process.env.SENTINEL_PORT_BASE ?? 24170);
  const rig = new ChaosRig(chaosPorts(base));
  const sentinels = new SentinelSet(rig.dir, rig.ports.redis, base + 5, [base + 6, base + 7, base + 8]);
  try {
    await rig.start(sentinels.env, () => sentinels.start());
    results.push(await sentinelFailover(rig, sentinels, quick ? 300 : 2000));
  } finally {
    await rig.stop();
    await sentinels.stop();
  }
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(
    `scale: ${results.length - failed.length} of ${results.length} scenarios passed${failed.length ? ` (failed: ${failed.map((f) => f.name).join('; ')})` : ''}\n`,
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
