import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily processing aggregates for the dashboards: one row per annex, local day, procedure,
 * channel, agent and counter, with the decision times kept as an array so medians and p90 stay
 * exact without reading the requests. Refreshed by a worker job (CONCURRENTLY: readers never wait).
 */
export class MetricsDaily1764007000000 implements MigrationInterface {
  name = 'MetricsDaily1764007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE MATERIALIZED VIEW processing_daily AS
      SELECT t.annex_id,
             (t.decided_at AT TIME ZONE a.time_zone)::date AS day,
             t.procedure_code,
             t.channel,
             COALESCE(t.assignee_id, '00000000-0000-0000-0000-000000000000'::uuid) AS assignee_id,
             COALESCE(t.counter, 0) AS counter,
             count(*)::int AS decided,
             count(*) FILTER (WHERE t.within_sla)::int AS within_sla,
             sum(t.decision_minutes)::bigint AS decision_minutes_sum,
             array_agg(t.decision_minutes ORDER BY t.decision_minutes) AS decision_minutes
        FROM request_timing t
        JOIN annex a ON a.id = t.annex_id
       WHERE t.decided_at IS NOT NULL AND t.decision_minutes IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6
      WITH DATA`);
    await q.query(
      `CREATE UNIQUE INDEX processing_daily_key ON processing_daily (annex_id, day, procedure_code, channel, assignee_id, counter)`,
    );
    await q.query(`CREATE INDEX request_timing_decided_idx ON request_timing (decided_at)`);
    // Backlog, at-risk and overdue counts of the SLA dashboard read open requests by annex.
    await q.query(
      `CREATE INDEX service_request_open_sla_idx ON service_request (annex_id, overdue, at_risk) WHERE state IN ('submitted', 'in_review', 'needs_info', 'approved', 'forwarded', 'ready_for_pickup')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_open_sla_idx`);
    await q.query(`DROP INDEX request_timing_decided_idx`);
    await q.query(`DROP MATERIALIZED VIEW processing_daily`);
  }
}
