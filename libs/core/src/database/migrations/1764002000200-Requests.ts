import { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = `'submitted', 'in_review', 'needs_info', 'approved', 'rejected', 'forwarded', 'ready_for_pickup', 'delivered', 'cancelled'`;

/**
 * Requests from every channel, their append-only event log (enforced by a trigger), attachments,
 * per-annex-and-year tracking-code counters and the idempotency keys of submissions.
 */
export class Requests1764002000200 implements MigrationInterface {
  name = 'Requests1764002000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracking_counter (
        annex_id uuid NOT NULL REFERENCES annex(id),
        year int NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (annex_id, year)
      )`);
    await q.query(`
      CREATE TABLE service_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        procedure_code varchar(32) NOT NULL REFERENCES procedure(code),
        procedure_version_id uuid NOT NULL REFERENCES procedure_version(id),
        tracking_code varchar(32) NOT NULL UNIQUE,
        channel varchar(8) NOT NULL CHECK (channel IN ('web', 'kiosk', 'counter', 'api')),
        filed_by uuid NOT NULL,
        filed_by_kind varchar(8) NOT NULL CHECK (filed_by_kind IN ('citizen', 'staff', 'partner')),
        state varchar(20) NOT NULL DEFAULT 'submitted' CHECK (state IN (${STATES})),
        assignee_id uuid REFERENCES staff(id),
        counter int,
        form jsonb NOT NULL DEFAULT '{}'::jsonb,
        sla_due_at timestamptz NOT NULL,
        at_risk boolean NOT NULL DEFAULT false,
        overdue boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        closed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        certificate_number varchar(64)
      )`);
    // The agent queue: one annex, optionally one state, by SLA due time (keyset on due, id).
    await q.query(`CREATE INDEX service_request_queue_idx ON service_request (annex_id, state, sla_due_at, id)`);
    await q.query(`CREATE INDEX service_request_annex_due_idx ON service_request (annex_id, sla_due_at, id)`);
    await q.query(
      `CREATE INDEX service_request_assignee_idx ON service_request (assignee_id, sla_due_at, id) WHERE assignee_id IS NOT NULL`,
    );
    // A citizen's history, newest first.
    await q.query(`CREATE INDEX service_request_citizen_idx ON service_request (citizen_id, submitted_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE request_event (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES service_request(id),
        actor_id uuid,
        actor_kind varchar(8) NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'partner', 'system')),
        role varchar(16),
        channel varchar(8),
        counter int,
        from_state varchar(20) CHECK (from_state IN (${STATES})),
        to_state varchar(20) CHECK (to_state IN (${STATES})),
        type varchar(64) NOT NULL,
        reason text,
        public boolean NOT NULL DEFAULT true,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX request_event_request_idx ON request_event (request_id, id)`);
    await q.query(`
      CREATE FUNCTION request_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'request_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER request_event_no_update_delete BEFORE UPDATE OR DELETE ON request_event
        FOR EACH ROW EXECUTE FUNCTION request_event_append_only()`);
    await q.query(`
      CREATE TRIGGER request_event_no_truncate BEFORE TRUNCATE ON request_event
        FOR EACH STATEMENT EXECUTE FUNCTION request_event_append_only()`);

    await q.query(`
      CREATE TABLE request_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES service_request(id),
        uploaded_by uuid NOT NULL,
        uploaded_by_kind varchar(8) NOT NULL CHECK (uploaded_by_kind IN ('citizen', 'staff', 'partner')),
        document_code varchar(64),
        file_name text NOT NULL,
        content_type varchar(32) NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_attachment_request_idx ON request_attachment (request_id, created_at)`);

    await q.query(`
      CREATE TABLE request_idempotency (
        caller_id uuid NOT NULL,
        key varchar(200) NOT NULL,
        body_hash char(64) NOT NULL,
        request_id uuid REFERENCES service_request(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_idempotency`);
    await q.query(`DROP TABLE request_attachment`);
    await q.query(`DROP TABLE request_event`);
    await q.query(`DROP FUNCTION request_event_append_only()`);
    await q.query(`DROP TABLE service_request`);
    await q.query(`DROP TABLE tracking_counter`);
  }
}
