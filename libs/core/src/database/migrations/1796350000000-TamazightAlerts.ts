import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamazight (`zgh`) as a citizen's alert language: every SMS and email template has a Tifinagh
 * version, so the preference and each notification's language take a three-letter code.
 */
export class TamazightAlerts1796350000000 implements MigrationInterface {
  name = 'TamazightAlerts1796350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen DROP CONSTRAINT citizen_preferred_language_check`);
    await q.query(`ALTER TABLE citizen ALTER COLUMN preferred_language TYPE varchar(3)`);
    await q.query(
      `ALTER TABLE citizen ADD CONSTRAINT citizen_preferred_language_check CHECK (preferred_language IN ('ar', 'fr', 'en', 'zgh'))`,
    );
    await q.query(`ALTER TABLE notification ALTER COLUMN language TYPE varchar(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to the three languages the older code knows; Tamazight readers get French, its fallback.
    await q.query(`UPDATE notification SET language = 'fr' WHERE language = 'zgh'`);
    await q.query(`ALTER TABLE notification ALTER COLUMN language TYPE varchar(2)`);
    await q.query(`ALTER TABLE citizen DROP CONSTRAINT citizen_preferred_language_check`);
    await q.query(`UPDATE citizen SET preferred_language = 'fr' WHERE preferred_language = 'zgh'`);
    await q.query(`ALTER TABLE citizen ALTER COLUMN preferred_language TYPE varchar(2)`);
    await q.query(`ALTER TABLE citizen ADD CONSTRAINT citizen_preferred_language_check CHECK (preferred_language IN ('ar', 'fr', 'en'))`);
  }
}
