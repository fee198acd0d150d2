import { runScale, SCALE_FULL, SCALE_SHORT } from '../../../scripts/lib/scale';

// Two API and two worker processes (the production build) on one PostgreSQL and one Redis of
// their own, never this run's shared ones: what must happen once happens once. SCALE_FULL=1 for
// the bigger sizes (npm run scale prints the same counts).
jest.setTimeout(600_000);

describe('2 API + 2 workers on one PostgreSQL and one Redis', () => {
  it('sends each alert once, gives each claim and each ticket one winner, reaches a display on the other instance, and runs SLA, periodic and reconciler work once', async () => {
    const sizes = process.env.SCALE_FULL ? SCALE_FULL : SCALE_SHORT;
    const results = await runScale(sizes);
    expect(results.map((r) => r.name)).toHaveLength(7);
    for (const r of results) expect({ name: r.name, ok: r.ok, counts: r.counts }).toEqual({ name: r.name, ok: true, counts: r.counts });
    expect(results[0].counts).toMatchObject({
      submissions: sizes.submissions,
      smsSent: sizes.submissions,
      distinctSms: sizes.submissions,
      distinctWebhooks: sizes.submissions,
    });
    expect(results[1].counts).toMatchObject({ winners: sizes.claims, conflicts409: sizes.claims });
    expect(results[2].counts.viaBOnScreenOfA).toBe(results[2].counts.viaB);
  });
});
