import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ticket_annex_day_idx (annex_id, day) repeated the leading columns of the unique constraint
 * (annex_id, day, number), which serves the same lookups: it only cost a write per ticket issued.
 */
export class DropTicketDayIndex1764010000100 implements MigrationInterface {
  name = 'DropTicketDayIndex1764010000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ticket_annex_day_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ticket_annex_day_idx ON ticket (annex_id, day)`);
  }
}
