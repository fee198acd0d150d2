import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `'submitted', 'in_review', 'needs_info', 'approved', 'forwarded', 'ready_for_pickup'`;

/**
 * Measured at 1,000,000 requests (npm run seed:bulk -- --large): the queue read through
 * (annex_id, sla_due_at, id) walked the closed, long-past-due requests first (1.5-2 s). The queue
 * now reads one (annex_id, state, sla_due_at, id) scan per state, and "my requests" one
 * (assignee_id, state, sla_due_at, id) scan per state. The annex-wide due index becomes one over
 * the open requests only (what the SLA dashboard lists and counts by due time).
 */
export class RequestQueueIndexes1764002000300 implements MigrationInterface {
  name = 'RequestQueueIndexes1764002000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_annex_due_idx`);
    await q.query(`DROP INDEX service_request_assignee_idx`);
    await q.query(
      `CREATE INDEX service_request_assignee_idx ON service_request (assignee_id, state, sla_due_at, id) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX service_request_open_due_idx ON service_request (annex_id, sla_due_at, id) WHERE state IN (${OPEN})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_open_due_idx`);
    await q.query(`DROP INDEX service_request_assignee_idx`);
    await q.query(
      `CREATE INDEX service_request_assignee_idx ON service_request (assignee_id, sla_due_at, id) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX service_request_annex_due_idx ON service_request (annex_id, sla_due_at, id)`);
  }
}
