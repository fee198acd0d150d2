import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Law 09-08: every staff read of personal data is an access event (who, role, annex, counter,
 * whose record, what, why); grievances are public only by the filer's consent or a staff
 * decision, and replies only when marked public; each retention run is recorded.
 *
 * The access log stays append-only, except for the retention job: it deletes rows past their
 * period inside a transaction that sets `annex.retention = 'on'`.
 */
export class Privacy1796155500000 implements MigrationInterface {
  name = 'Privacy1796155500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen_access_log ALTER COLUMN citizen_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE citizen_access_log
        ADD COLUMN annex_id uuid REFERENCES annex(id),
        ADD COLUMN counter int,
        ADD COLUMN object_id uuid,
        ADD COLUMN request_id uuid`);
    await q.query(`DROP TRIGGER citizen_access_log_append_only ON citizen_access_log`);
    // Rows written before this migration were reads of a citizen's profile.
    await q.query(`UPDATE citizen_access_log SET action = 'citizen' WHERE action = 'read'`);
    await q.query(
      `ALTER TABLE citizen_access_log ADD CONSTRAINT citizen_access_log_action_check
         CHECK (action IN ('citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export'))`,
    );
    await q.query(`
      CREATE FUNCTION append_only_but_retention() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('annex.retention', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER citizen_access_log_append_only BEFORE UPDATE OR DELETE ON citizen_access_log FOR EACH ROW EXECUTE FUNCTION append_only_but_retention()`,
    );
    await q.query(`CREATE INDEX citizen_access_log_annex_idx ON citizen_access_log (annex_id, at)`);
    await q.query(`CREATE INDEX citizen_access_log_staff_idx ON citizen_access_log (staff_id, at)`);

    await q.query(
      `ALTER TABLE grievance ADD COLUMN public_consent boolean NOT NULL DEFAULT false, ADD COLUMN staff_public boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE grievance_response ADD COLUMN public boolean NOT NULL DEFAULT false`);

    await q.query(`ALTER TABLE request_attachment ADD COLUMN purged_at timestamptz`);

    await q.query(`
      CREATE TABLE retention_run (
        id bigserial PRIMARY KEY,
        dry_run boolean NOT NULL,
        counts jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE TRIGGER retention_run_append_only BEFORE UPDATE OR DELETE ON retention_run FOR EACH ROW EXECUTE FUNCTION append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_run`);
    await q.query(`ALTER TABLE request_attachment DROP COLUMN purged_at`);
    await q.query(`ALTER TABLE grievance_response DROP COLUMN public`);
    await q.query(`ALTER TABLE grievance DROP COLUMN public_consent, DROP COLUMN staff_public`);
    await q.query(`DROP INDEX citizen_access_log_staff_idx`);
    await q.query(`DROP INDEX citizen_access_log_annex_idx`);
    await q.query(`DROP TRIGGER citizen_access_log_append_only ON citizen_access_log`);
    await q.query(`DROP FUNCTION append_only_but_retention()`);
    await q.query(`ALTER TABLE citizen_access_log DROP CONSTRAINT citizen_access_log_action_check`);
    // Rows without a citizen (anonymous grievances) cannot go back under NOT NULL.
    await q.query(`DELETE FROM citizen_access_log WHERE citizen_id IS NULL`);
    await q.query(`UPDATE citizen_access_log SET action = 'read' WHERE action = 'citizen'`);
    await q.query(
      `ALTER TABLE citizen_access_log DROP COLUMN annex_id, DROP COLUMN counter, DROP COLUMN object_id, DROP COLUMN request_id`,
    );
    await q.query(`ALTER TABLE citizen_access_log ALTER COLUMN citizen_id SET NOT NULL`);
    await q.query(
      `CREATE TRIGGER citizen_access_log_append_only BEFORE UPDATE OR DELETE ON citizen_access_log FOR EACH ROW EXECUTE FUNCTION append_only()`,
    );
  }
}
