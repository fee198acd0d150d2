import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests for one's family: minor dependents (confirmed once at a counter against the family
 * record booklet), mandates between adult accounts (confirmed by the mandator's one-time code or
 * recorded from a legalised paper), and on each request who it is for and who filed it.
 */
export class FamilyProxy1796250000000 implements MigrationInterface {
  name = 'FamilyProxy1796250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dependent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        guardian_id uuid NOT NULL REFERENCES citizen (id),
        first_name text NOT NULL,
        last_name text NOT NULL,
        first_name_ar text NOT NULL,
        last_name_ar text NOT NULL,
        birth_date date NOT NULL,
        birth_record_ref varchar(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'claimed')),
        confirmed_by uuid REFERENCES staff (id),
        confirmed_at timestamptz,
        booklet_ref varchar(64),
        claimed_citizen_id uuid REFERENCES citizen (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dependent_confirmed_check CHECK (status = 'pending' OR (confirmed_by IS NOT NULL AND confirmed_at IS NOT NULL AND booklet_ref IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX dependent_guardian_idx ON dependent (guardian_id)`);
    await q.query(`CREATE UNIQUE INDEX dependent_birth_record_idx ON dependent (guardian_id, birth_record_ref)`);
    await q.query(`
      CREATE TABLE mandate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mandator_id uuid NOT NULL REFERENCES citizen (id),
        proxy_id uuid NOT NULL REFERENCES citizen (id),
        procedures varchar(32)[] NOT NULL CHECK (cardinality(procedures) > 0),
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'revoked')),
        basis varchar(8) NOT NULL CHECK (basis IN ('code', 'paper')),
        code_id uuid,
        paper_ref varchar(64),
        recorded_by uuid REFERENCES staff (id),
        confirmed_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mandate_two_people_check CHECK (mandator_id <> proxy_id),
        CONSTRAINT mandate_period_check CHECK (valid_until >= valid_from),
        CONSTRAINT mandate_paper_check CHECK (basis = 'code' OR (paper_ref IS NOT NULL AND recorded_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX mandate_mandator_idx ON mandate (mandator_id)`);
    await q.query(`CREATE INDEX mandate_proxy_idx ON mandate (proxy_id)`);
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN proxy_id uuid REFERENCES citizen (id),
        ADD COLUMN dependent_id uuid REFERENCES dependent (id),
        ADD COLUMN mandate_id uuid REFERENCES mandate (id),
        ADD CONSTRAINT service_request_mandate_check CHECK ((mandate_id IS NULL) = (proxy_id IS NULL))`);
    await q.query(
      `CREATE INDEX service_request_proxy_idx ON service_request (proxy_id, submitted_at DESC, id DESC) WHERE proxy_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX service_request_dependent_idx ON service_request (dependent_id) WHERE dependent_id IS NOT NULL`);
    await q.query(`ALTER TABLE one_time_code DROP CONSTRAINT one_time_code_purpose_check`);
    await q.query(
      `ALTER TABLE one_time_code ADD CONSTRAINT one_time_code_purpose_check CHECK (purpose IN ('signup', 'claim', 'kiosk', 'appointment', 'mandate'))`,
    );
    await q.query(`ALTER TABLE citizen_access_log DROP CONSTRAINT citizen_access_log_action_check`);
    await q.query(
      `ALTER TABLE citizen_access_log ADD CONSTRAINT citizen_access_log_action_check
         CHECK (action IN ('citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export', 'family'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen_access_log DROP CONSTRAINT citizen_access_log_action_check`);
    await q.query(`ALTER TABLE citizen_access_log DISABLE TRIGGER citizen_access_log_append_only`);
    await q.query(`DELETE FROM citizen_access_log WHERE action = 'family'`);
    await q.query(`ALTER TABLE citizen_access_log ENABLE TRIGGER citizen_access_log_append_only`);
    await q.query(
      `ALTER TABLE citizen_access_log ADD CONSTRAINT citizen_access_log_action_check
         CHECK (action IN ('citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export'))`,
    );
    await q.query(`DELETE FROM one_time_code WHERE purpose = 'mandate'`);
    await q.query(`ALTER TABLE one_time_code DROP CONSTRAINT one_time_code_purpose_check`);
    await q.query(
      `ALTER TABLE one_time_code ADD CONSTRAINT one_time_code_purpose_check CHECK (purpose IN ('signup', 'claim', 'kiosk', 'appointment'))`,
    );
    await q.query(
      `ALTER TABLE service_request DROP CONSTRAINT service_request_mandate_check, DROP COLUMN mandate_id, DROP COLUMN dependent_id, DROP COLUMN proxy_id`,
    );
    await q.query(`DROP TABLE mandate`);
    await q.query(`DROP TABLE dependent`);
  }
}
