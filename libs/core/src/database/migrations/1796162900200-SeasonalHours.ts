import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seasonal opening hours of an annex (Ramadan, summer) by date range: the working-time calendar
 * the receipts' legal deadlines, SLA timers and appointment capacity run on follows them.
 */
export class SeasonalHours1796162900200 implements MigrationInterface {
  name = 'SeasonalHours1796162900200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seasonal_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        name_ar text NOT NULL,
        name_fr text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        opening_hours jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX seasonal_hours_annex_idx ON seasonal_hours (annex_id, starts_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE seasonal_hours`);
  }
}
