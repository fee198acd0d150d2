import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA clock state kept in PostgreSQL (the truth timers are rebuilt from), and the
 * processing-time split of each closed request (agent, waiting for the citizen, external agency).
 */
export class SlaTimers1764006000100 implements MigrationInterface {
  name = 'SlaTimers1764006000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN sla_target_minutes int,
        ADD COLUMN sla_warn_at timestamptz,
        ADD COLUMN sla_paused_at timestamptz,
        ADD COLUMN sla_remaining_minutes int,
        ADD COLUMN sla_warn_remaining_minutes int`);
    // The reconciler walks the running clocks by id.
    await q.query(`
      CREATE INDEX service_request_sla_running_idx ON service_request (id)
        WHERE state IN ('submitted', 'in_review') AND sla_paused_at IS NULL AND NOT overdue`);
    // Supervisors are told of breaches: staff need a way to be reached.
    await q.query(`ALTER TABLE staff ADD COLUMN IF NOT EXISTS email varchar(254), ADD COLUMN IF NOT EXISTS phone varchar(16)`);
    await q.query(`
      CREATE TABLE request_timing (
        request_id uuid PRIMARY KEY REFERENCES service_request(id),
        annex_id uuid NOT NULL REFERENCES annex(id),
        procedure_code varchar(32) NOT NULL,
        channel varchar(8) NOT NULL,
        assignee_id uuid,
        counter int,
        final_state varchar(20) NOT NULL,
        submitted_at timestamptz NOT NULL,
        decided_at timestamptz,
        closed_at timestamptz NOT NULL,
        sla_target_minutes int NOT NULL,
        decision_minutes int,
        agent_minutes int NOT NULL,
        citizen_minutes int NOT NULL,
        external_minutes int NOT NULL,
        within_sla boolean
      )`);
    await q.query(`CREATE INDEX request_timing_annex_decided_idx ON request_timing (annex_id, decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_timing`);
    await q.query(`DROP INDEX service_request_sla_running_idx`);
    await q.query(`
      ALTER TABLE service_request
        DROP COLUMN sla_target_minutes, DROP COLUMN sla_warn_at, DROP COLUMN sla_paused_at,
        DROP COLUMN sla_remaining_minutes, DROP COLUMN sla_warn_remaining_minutes`);
  }
}
