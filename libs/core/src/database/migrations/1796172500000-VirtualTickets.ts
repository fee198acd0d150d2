import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Virtual walk-in tickets (taken from the phone on the day) and the wait each walk-in ticket was
 * promised when issued, so the ticket metrics measure the prediction's error.
 */
export class VirtualTickets1796172500000 implements MigrationInterface {
  name = 'VirtualTickets1796172500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket ADD COLUMN virtual boolean NOT NULL DEFAULT false, ADD COLUMN predicted_wait_minutes int`);
    // One ticket from the phone per citizen and day (the service checks first; this is the backstop).
    await q.query(`CREATE UNIQUE INDEX ticket_one_virtual_idx ON ticket (citizen_id, day) WHERE virtual`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ticket_one_virtual_idx`);
    await q.query(`ALTER TABLE ticket DROP COLUMN virtual, DROP COLUMN predicted_wait_minutes`);
  }
}
