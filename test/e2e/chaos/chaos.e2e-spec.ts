import { runChaos, SHORT } from '../../../scripts/lib/chaos';

// The short form of `npm run chaos` (scaled down: 100 alerts, a 5 s Redis outage, a burst of 40):
// the production build on its own redis-server and PostgreSQL, never this run's shared ones.
// About 80 s; each scenario prints its counts.
jest.setTimeout(300_000);

describe('chaos (short form)', () => {
  it('loses nothing and duplicates nothing through kills, a Redis outage and flush, a PostgreSQL restart and a missing browser', async () => {
    const results = await runChaos(SHORT);
    expect(results.map((r) => r.name)).toHaveLength(6);
    for (const r of results) expect({ name: r.name, ok: r.ok, counts: r.counts }).toEqual({ name: r.name, ok: true, counts: r.counts });
    const burst = results.find((r) => r.name === 'FLUSHALL after a burst')!;
    expect(burst.counts).toMatchObject({
      submissions: SHORT.burst,
      smsSent: SHORT.burst,
      webhooksSubmitted: SHORT.burst,
      duplicateWebhooks: 0,
    });
  });
});
