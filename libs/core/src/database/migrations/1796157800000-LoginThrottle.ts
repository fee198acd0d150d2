import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling that is not a weapon: failures are counted per login name (known or not,
 * so the answer never says which exists) and per client address, and slow further tries down;
 * a device that signed in before presents its token and is never held back. Accounts are no
 * longer locked (their locked_until stays, unused, for the down migration).
 */
export class LoginThrottle1796157800000 implements MigrationInterface {
  name = 'LoginThrottle1796157800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        key char(64) PRIMARY KEY,
        failures int NOT NULL DEFAULT 0,
        blocked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at)`);
    await q.query(`
      CREATE TABLE known_device (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL,
        subject_kind varchar(8) NOT NULL CHECK (subject_kind IN ('citizen', 'staff')),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX known_device_subject_idx ON known_device (subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE known_device`);
    await q.query(`DROP TABLE login_throttle`);
  }
}
