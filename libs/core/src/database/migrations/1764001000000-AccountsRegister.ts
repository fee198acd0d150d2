import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time codes (sign-up, claim, kiosk), the citizen register's change history and the log of
 * staff reads of a citizen's record. Both logs are append-only, enforced by the database.
 */
export class AccountsRegister1764001000000 implements MigrationInterface {
  name = 'AccountsRegister1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE one_time_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose varchar(16) NOT NULL CHECK (purpose IN ('signup', 'claim', 'kiosk')),
        subject_id uuid,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        code_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TABLE citizen_change (
        id bigserial PRIMARY KEY,
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        actor_id uuid,
        actor_role varchar(16) NOT NULL,
        field varchar(32) NOT NULL,
        old_value text,
        new_value text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX citizen_change_citizen_idx ON citizen_change (citizen_id, id)`);
    await q.query(`
      CREATE TABLE citizen_access_log (
        id bigserial PRIMARY KEY,
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        staff_id uuid NOT NULL,
        role varchar(16) NOT NULL,
        action varchar(16) NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX citizen_access_log_citizen_idx ON citizen_access_log (citizen_id, id)`);
    for (const t of ['citizen_change', 'citizen_access_log']) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION append_only()`);
    }
    // Staff search by name at the counter.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE INDEX citizen_name_trgm_idx ON citizen USING gin ((first_name || ' ' || last_name || ' ' || first_name_ar || ' ' || last_name_ar) gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX citizen_name_trgm_idx`);
    await q.query(`DROP TABLE citizen_access_log`);
    await q.query(`DROP TABLE citizen_change`);
    await q.query(`DROP FUNCTION append_only()`);
    await q.query(`DROP TABLE one_time_code`);
  }
}
