import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything a paper or a message says about its annex, read from the annex row (no name,
 * address, hours or signatory in code or templates), and the onboarding state: an annex created
 * through the API starts as a draft and is opened explicitly once its checklist is complete
 * (annexes that existed before stay open). An annex may also switch off procedures of the shared
 * catalogue.
 */
export class AnnexIdentity1796158400000 implements MigrationInterface {
  name = 'AnnexIdentity1796158400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE annex
        ADD COLUMN name_zgh text,
        ADD COLUMN province_ar text NOT NULL DEFAULT '',
        ADD COLUMN pachalik_ar text NOT NULL DEFAULT '',
        ADD COLUMN city_fr text NOT NULL DEFAULT '',
        ADD COLUMN city_ar text NOT NULL DEFAULT '',
        ADD COLUMN address_ar text NOT NULL DEFAULT '',
        ADD COLUMN phone varchar(16),
        ADD COLUMN signatory_name text NOT NULL DEFAULT '',
        ADD COLUMN signatory_name_ar text NOT NULL DEFAULT '',
        ADD COLUMN signatory_title_fr text NOT NULL DEFAULT '',
        ADD COLUMN signatory_title_ar text NOT NULL DEFAULT '',
        ADD COLUMN emblem_url text,
        ADD COLUMN status varchar(8) NOT NULL DEFAULT 'open',
        ADD COLUMN opened_at timestamptz,
        ADD COLUMN disabled_procedures text[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT annex_status_check CHECK (status IN ('draft', 'open'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE annex
        DROP CONSTRAINT annex_status_check,
        DROP COLUMN disabled_procedures, DROP COLUMN opened_at, DROP COLUMN status, DROP COLUMN emblem_url,
        DROP COLUMN signatory_title_ar, DROP COLUMN signatory_title_fr, DROP COLUMN signatory_name_ar, DROP COLUMN signatory_name,
        DROP COLUMN phone, DROP COLUMN address_ar, DROP COLUMN city_ar, DROP COLUMN city_fr,
        DROP COLUMN pachalik_ar, DROP COLUMN province_ar, DROP COLUMN name_zgh`);
  }
}
