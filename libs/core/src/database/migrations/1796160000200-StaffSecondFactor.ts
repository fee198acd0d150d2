import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP second factor for staff (RFC 6238): one secret per account (pending until confirmed with
 * a code; the last accepted time step refuses a replayed code), single-use recovery codes kept
 * only as hashes, an append-only record of enrolments, resets and recovery-code uses, and the
 * devices that passed the second factor (trusted for a while, so a desk does not ask every time).
 */
export class StaffSecondFactor1796160000200 implements MigrationInterface {
  name = 'StaffSecondFactor1796160000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_totp (
        staff_id uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
        secret text NOT NULL,
        confirmed_at timestamptz,
        last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE staff_recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        code_hash char(64) NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (staff_id, code_hash)
      )`);
    await q.query(`
      CREATE TABLE staff_security_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL CHECK (kind IN ('totp-enrolled', 'totp-reset', 'recovery-code-used')),
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_security_event_staff_idx ON staff_security_event (staff_id, at)`);
    await q.query(`ALTER TABLE known_device ADD COLUMN second_factor_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_device DROP COLUMN second_factor_at`);
    await q.query(`DROP TABLE staff_security_event`);
    await q.query(`DROP TABLE staff_recovery_code`);
    await q.query(`DROP TABLE staff_totp`);
  }
}
