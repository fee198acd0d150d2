import { CalendarService } from '@app/core';
import { createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from './helpers';

/**
 * A state change never waits for a second pool connection while its transaction holds one: with
 * a pool of one, a hook that read the annex's calendar outside the transaction (a cache miss)
 * waited for itself forever. Here every step starts with the calendar cache empty.
 */
describe('a request goes through its life on a pool of one connection', () => {
  let t: TestApp;
  const previous = process.env.DB_POOL_MAX;
  beforeAll(async () => {
    process.env.DB_POOL_MAX = '1';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    if (previous === undefined) delete process.env.DB_POOL_MAX;
    else process.env.DB_POOL_MAX = previous;
  });
  const forgetCalendars = () => (t.app.get(CalendarService) as unknown as { cache: Map<string, unknown> }).cache.clear();

  it('submits, claims and approves (a certificate is issued) with the calendar read inside each transaction', async () => {
    const agent = await t.token('agent1', undefined, 2);
    const c = await citizenWithTokens(t);
    forgetCalendars();
    const created = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).timeout(10_000).expect(201);
    const id = created.body.id;
    const [row] = await t.db.query(`SELECT sla_target_minutes, sla_warn_at FROM service_request WHERE id = $1`, [id]);
    expect(row.sla_target_minutes).toBe(24 * 60);
    expect(row.sla_warn_at).not.toBeNull();
    for (const to of ['in_review', 'approved']) {
      forgetCalendars();
      await move(t, agent, id, to).expect(200);
    }
    const [cert] = await t.db.query(`SELECT number FROM certificate WHERE request_id = $1`, [id]);
    expect(cert?.number).toMatch(/^BRK5-\d{4}-C-\d{6}$/);
  }, 60_000);
});
