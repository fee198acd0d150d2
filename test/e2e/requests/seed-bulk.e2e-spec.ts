import { QueryRunner } from 'typeorm';
import { OPEN_STATES } from '@app/requests';
import { seedBulk } from '../../../scripts/seed-bulk';
import { createTestApp, TestApp } from '../../support/app';

/**
 * The bench's data: a third of the requests last year (all closed), the rest this year with open
 * ones whose SLA clock runs. The quick bench seeds its 10,000 requests in one batch; the year was
 * once decided per batch, so all of them went to last year and the SLA bench found 0 running
 * clocks. Seeded in a rolled-back transaction, as the index test does.
 */
describe('seed-bulk: one batch still spreads requests over last year and this one', () => {
  let t: TestApp;
  let qr: QueryRunner;

  beforeAll(async () => {
    t = await createTestApp();
    qr = t.db.createQueryRunner();
    await qr.startTransaction();
    const [{ id: annexId }] = await qr.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('BLK2', 'ملحقة', 'Annexe seed', 'Berkane', 'Berkane') RETURNING id`,
    );
    await qr.query(
      `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES ($1, 'seed-agent', 'Seed', 'agent', 'x')`,
      [annexId],
    );
    // 3,000 requests, fewer than the default batch of 10,000: a single batch, as the quick bench's.
    await seedBulk((sql, params) => qr.query(sql, params), { citizens: 300, requests: 3_000, annexCode: 'BLK2' });
  }, 120_000);

  afterAll(async () => {
    await qr.rollbackTransaction();
    await qr.release();
    await t.close();
  });

  it('puts a third last year, all closed, and leaves running clocks this year', async () => {
    const rows: { last_year: boolean; n: number; open: number; running: number }[] = await qr.query(
      `SELECT extract(year FROM submitted_at AT TIME ZONE 'Africa/Casablanca') < extract(year FROM now() AT TIME ZONE 'Africa/Casablanca') AS last_year,
              count(*)::int AS n,
              count(*) FILTER (WHERE state = ANY($2))::int AS open,
              count(*) FILTER (WHERE state = ANY($2) AND NOT overdue AND sla_paused_at IS NULL)::int AS running
         FROM service_request r JOIN annex a ON a.id = r.annex_id WHERE a.code = $1 GROUP BY 1 ORDER BY 1`,
      ['BLK2', [...OPEN_STATES]],
    );
    const [thisYear, lastYear] = [rows.find((r) => !r.last_year)!, rows.find((r) => r.last_year)!];
    expect(lastYear).toMatchObject({ n: 1_000, open: 0 });
    expect(thisYear.n).toBe(2_000);
    expect(thisYear.open).toBeGreaterThan(0);
    expect(thisYear.running).toBeGreaterThan(0);
  });
});
