import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The same default (the insert's date in the session's time zone), spelled as TypeORM compares it.
 * PostgreSQL 15+ prints CURRENT_DATE back as `CURRENT_DATE`, which TypeORM 0.3 never matches to
 * an entity default, so `migration:generate` always wanted to rewrite this column.
 */
export class CitizenResidenceDefault1796155593346 implements MigrationInterface {
  name = 'CitizenResidenceDefault1796155593346';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen ALTER COLUMN residence_from SET DEFAULT ('now'::text)::date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen ALTER COLUMN residence_from SET DEFAULT CURRENT_DATE`);
  }
}
