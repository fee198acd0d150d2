/**
 * The fault suite at full size: `npm run chaos` (`-- --quick` for the sizes the jest short form
 * uses). Needs the production build (`npm run build`), redis-server and PostgreSQL 15's initdb /
 * pg_ctl (CHAOS_PG_BIN); starts its own servers on loopback ports from CHAOS_PORT_BASE (24140).
 */
import { FULL, runChaos, SHORT } from './lib/chaos';

async function main(): Promise<void> {
  const results = await runChaos(process.argv.includes('--quick') ? SHORT : FULL);
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(
    `chaos: ${results.length - failed.length} of ${results.length} scenarios passed${failed.length ? ` (failed: ${failed.map((f) => f.name).join('; ')})` : ''}\n`,
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
