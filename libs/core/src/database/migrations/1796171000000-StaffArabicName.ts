import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's name as written in Arabic (optional): the Arabic column of a certificate
 * names the agent who handled it in Arabic when it is known, beside the French one.
 */
export class StaffArabicName1796171000000 implements MigrationInterface {
  name = 'StaffArabicName1796171000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN full_name_ar text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN full_name_ar`);
  }
}
