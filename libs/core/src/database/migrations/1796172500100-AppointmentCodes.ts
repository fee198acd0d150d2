import { MigrationInterface, QueryRunner } from 'typeorm';

/** Booking without an account: the CIN's one-time code gets its own purpose. */
export class AppointmentCodes1796172500100 implements MigrationInterface {
  name = 'AppointmentCodes1796172500100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE one_time_code DROP CONSTRAINT one_time_code_purpose_check`);
    await q.query(
      `ALTER TABLE one_time_code ADD CONSTRAINT one_time_code_purpose_check CHECK (purpose IN ('signup', 'claim', 'kiosk', 'appointment'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM one_time_code WHERE purpose = 'appointment'`);
    await q.query(`ALTER TABLE one_time_code DROP CONSTRAINT one_time_code_purpose_check`);
    await q.query(`ALTER TABLE one_time_code ADD CONSTRAINT one_time_code_purpose_check CHECK (purpose IN ('signup', 'claim', 'kiosk'))`);
  }
}
