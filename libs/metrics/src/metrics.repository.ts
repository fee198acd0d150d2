import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReadReplica } from '@app/core';
import { sqlStates } from '@app/requests';
import { CensusBy, GroupBy } from './dto/metrics-query.dto';

const NO_AGENT = '00000000-0000-0000-0000-000000000000';

/** SQL for a group key over processing_daily (d). */
const KEY: Record<GroupBy, string> = {
  agent: 'd.assignee_id::text',
  procedure: 'd.procedure_code',
  channel: 'd.channel',
  counter: 'd.counter::text',
  day: `to_char(d.day, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', d.day), 'YYYY-MM-DD')`,
  month: `to_char(date_trunc('month', d.day), 'YYYY-MM')`,
};

export interface StatsRow {
  key: string;
  label: string | null;
  count: number;
  mean: number;
  median: number;
  p90: number;
  compliance: number;
}

/** The open states as SQL, from the lifecycle table. */
const OPEN = sqlStates((f) => f.open);

/**
 * The only place that knows the metrics SQL; every query is scoped to one annex. Dashboards,
 * census and transparency read the replica when there is one (`reads`); the refresh writes.
 */
@Injectable()
export class MetricsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplica,
  ) {}

  /** Exact count, mean, median, p90 and compliance per group, from the daily aggregates only. */
  async processing(annexId: string, from: string, to: string, groupBy: GroupBy | null, agentId?: string): Promise<StatsRow[]> {
    const key = groupBy ? KEY[groupBy] : `'annex'`;
    const params: unknown[] = [annexId, from, to];
    let agentFilter = '';
    if (agentId) {
      params.push(agentId);
      agentFilter = `AND d.assignee_id = $${params.length}`;
    }
    const rows = await this.reads.query(
      `WITH d AS (
         SELECT * FROM processing_daily d WHERE d.annex_id = $1 AND d.day BETWEEN $2::date AND $3::date ${agentFilter}
       ), counts AS (
         SELECT ${key} AS key, sum(d.decided)::int AS count, sum(d.within_sla)::int AS within, sum(d.decision_minutes_sum)::float8 AS total
           FROM d GROUP BY 1
       ), pct AS (
         SELECT ${key} AS key,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY m)::float8 AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY m)::float8 AS p90
           FROM d CROSS JOIN LATERAL unnest(d.decision_minutes) AS m GROUP BY 1
       )
       SELECT c.key, c.count, c.total / c.count AS mean, p.median, p.p90, c.within::float8 / c.count AS compliance,
              ${groupBy === 'agent' ? `(SELECT full_name FROM staff s WHERE s.id::text = c.key)` : 'NULL'} AS label
         FROM counts c JOIN pct p ON p.key = c.key
        ORDER BY c.key`,
      params,
    );
    return rows.map((r: Record<string, unknown>) => ({
      key: r.key === NO_AGENT ? 'unassigned' : String(r.key),
      label: (r.label as string) ?? null,
      count: Number(r.count),
      mean: Number(r.mean),
      median: Number(r.median),
      p90: Number(r.p90),
      compliance: Number(r.compliance),
    }));
  }

  async slaCounts(annexId: string) {
    const rows = await this.reads.query(
      `SELECT procedure_code, count(*)::int AS backlog,
              count(*) FILTER (WHERE at_risk AND NOT overdue)::int AS at_risk,
              count(*) FILTER (WHERE overdue)::int AS overdue
         FROM service_request WHERE annex_id = $1 AND state IN ${OPEN}
        GROUP BY procedure_code ORDER BY procedure_code`,
      [annexId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      procedureCode: r.procedure_code as string,
      backlog: Number(r.backlog),
      atRisk: Number(r.at_risk),
      overdue: Number(r.overdue),
    }));
  }

  async slaList(annexId: string, which: 'at_risk' | 'overdue') {
    const where = which === 'overdue' ? 'overdue' : 'at_risk AND NOT overdue';
    return this.reads.query(
      `SELECT id, tracking_code, procedure_code, state, sla_due_at, assignee_id FROM service_request
        WHERE annex_id = $1 AND state IN ${OPEN} AND ${where}
        ORDER BY sla_due_at, id LIMIT 50`,
      [annexId],
    );
  }

  /** Current residents (moved-out citizens are kept in the register but not counted). */
  async census(annexId: string, by: CensusBy): Promise<{ key: string; label: string; count: number }[]> {
    const sql: Record<CensusBy, string> = {
      neighbourhood: `SELECT n.code AS key, n.name_fr || ' / ' || n.name_ar AS label, count(c.id)::int AS count
                        FROM neighbourhood n LEFT JOIN citizen c ON c.neighbourhood_id = n.id AND c.residence_to IS NULL AND c.annex_id = $1
                       WHERE n.annex_id = $1 GROUP BY n.code, n.name_fr, n.name_ar ORDER BY n.code`,
      sex: `SELECT sex AS key, CASE sex WHEN 'F' THEN 'Femmes / نساء' ELSE 'Hommes / رجال' END AS label, count(*)::int AS count
              FROM citizen WHERE annex_id = $1 AND residence_to IS NULL GROUP BY sex ORDER BY sex`,
      age: `SELECT band AS key, band AS label, count(*)::int AS count FROM (
              SELECT CASE WHEN a < 18 THEN '0-17' WHEN a < 30 THEN '18-29' WHEN a < 45 THEN '30-44'
                          WHEN a < 60 THEN '45-59' WHEN a < 75 THEN '60-74' ELSE '75+' END AS band
                FROM (SELECT extract(year FROM age(current_date, birth_date))::int AS a
                        FROM citizen WHERE annex_id = $1 AND residence_to IS NULL) ages) b
             GROUP BY band ORDER BY min(band)`,
    };
    return (await this.reads.query(sql[by], [annexId])).map((r: Record<string, unknown>) => ({
      key: String(r.key),
      label: String(r.label),
      count: Number(r.count),
    }));
  }

  async movements(annexId: string): Promise<{ month: string; movedIn: number; movedOut: number }[]> {
    const rows = await this.reads.query(
      `WITH months AS (SELECT generate_series(date_trunc('month', current_date) - interval '11 months', date_trunc('month', current_date), interval '1 month')::date AS m)
       SELECT to_char(m, 'YYYY-MM') AS month,
              ((SELECT count(*) FROM citizen c WHERE c.annex_id = $1 AND date_trunc('month', c.residence_from) = m)
                + (SELECT count(*) FROM citizen_residence r WHERE r.annex_id = $1 AND date_trunc('month', r.residence_from) = m))::int AS moved_in,
              -- A citizen who moved to another annex: their row follows them, the residence they left stays here.
              ((SELECT count(*) FROM citizen c WHERE c.annex_id = $1 AND date_trunc('month', c.residence_to) = m)
                + (SELECT count(*) FROM citizen_residence r WHERE r.annex_id = $1 AND date_trunc('month', r.residence_to) = m))::int AS moved_out
         FROM months ORDER BY m`,
      [annexId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      month: String(r.month),
      movedIn: Number(r.moved_in),
      movedOut: Number(r.moved_out),
    }));
  }

  async transparency(annexId: string, from: string, to: string) {
    const procedures = await this.reads.query(
      `SELECT p.code, v.name, COALESCE(s.decided, 0) AS decided, s.median, s.p90, s.compliance
         FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id
         LEFT JOIN (
           SELECT d.procedure_code, sum(d.decided)::int AS decided, sum(d.within_sla)::float8 / sum(d.decided) AS compliance,
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM processing_daily x CROSS JOIN LATERAL unnest(x.decision_minutes) m
                    WHERE x.annex_id = $1 AND x.procedure_code = d.procedure_code AND x.day BETWEEN $2::date AND $3::date)::float8 AS median,
                  (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY m) FROM processing_daily x CROSS JOIN LATERAL unnest(x.decision_minutes) m
                    WHERE x.annex_id = $1 AND x.procedure_code = d.procedure_code AND x.day BETWEEN $2::date AND $3::date)::float8 AS p90
             FROM processing_daily d WHERE d.annex_id = $1 AND d.day BETWEEN $2::date AND $3::date GROUP BY d.procedure_code
         ) s ON s.procedure_code = p.code
        ORDER BY p.code`,
      [annexId, from, to],
    );
    const channels = await this.reads.query(
      `SELECT channel, sum(decided)::int AS requests FROM processing_daily
        WHERE annex_id = $1 AND day BETWEEN $2::date AND $3::date
        GROUP BY channel ORDER BY channel`,
      [annexId, from, to],
    );
    return { procedures, channels };
  }

  /** Annexes to compare: every one, or only those open to the public. */
  async annexes(
    onlyOpen: boolean,
    annexId: string | null = null,
  ): Promise<{ id: string; code: string; name_ar: string; name_fr: string; status: string }[]> {
    return this.db.query(
      `SELECT id, code, name_ar, name_fr, status FROM annex WHERE (NOT $1 OR status = 'open') AND ($2::uuid IS NULL OR id = $2) ORDER BY code`,
      [onlyOpen, annexId],
    );
  }

  /** Tickets issued over the period and the median minutes from issue to first call (as the ticket dashboard counts them). */
  async ticketWaits(annexId: string, from: string, to: string): Promise<{ tickets: number; median: number | null }> {
    const [r] = await this.db.query(
      `WITH t AS (
         SELECT t.created_at, (SELECT min(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'called') AS first_called
           FROM ticket t WHERE t.annex_id = $1 AND t.day BETWEEN $2::date AND $3::date
       )
       SELECT count(*)::int AS tickets, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_called - created_at) / 60)::float8 AS median FROM t`,
      [annexId, from, to],
    );
    return { tickets: Number(r.tickets), median: r.median === null ? null : Number(r.median) };
  }

  /** Current residents of the annex (a citizen who moved counts where they live now). */
  async residents(annexId: string): Promise<number> {
    const [r] = await this.db.query(`SELECT count(*)::int AS n FROM citizen WHERE annex_id = $1 AND residence_to IS NULL`, [annexId]);
    return Number(r.n);
  }

  /**
   * Law 55-19, per procedure over local days `from`..`to`: the share of decisions made by the
   * legal deadline their receipt gave, and the requests accepted by silence.
   */
  async legalDelays(
    annexId: string,
    from: string,
    to: string,
    timeZone: string,
  ): Promise<Map<string, { withinLegal: number | null; tacit: number }>> {
    const rows: { procedure_code: string; within_legal: number | null; tacit: number }[] = await this.db.query(
      `SELECT t.procedure_code,
              avg(CASE WHEN t.decided_at <= rc.legal_deadline THEN 1.0 ELSE 0.0 END)::float8 AS within_legal,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = t.request_id AND e.type = 'request.tacitly_accepted'))::int AS tacit
         FROM request_timing t JOIN receipt rc ON rc.request_id = t.request_id
        WHERE t.annex_id = $1 AND t.decided_at IS NOT NULL AND (t.decided_at AT TIME ZONE $4)::date BETWEEN $2::date AND $3::date
        GROUP BY t.procedure_code`,
      [annexId, from, to, timeZone],
    );
    return new Map(rows.map((r) => [r.procedure_code, { withinLegal: r.within_legal, tacit: Number(r.tacit) }]));
  }

  async annexByCode(code: string): Promise<{ id: string; time_zone: string } | undefined> {
    return (await this.reads.query(`SELECT id, time_zone FROM annex WHERE code = $1`, [code]))[0];
  }

  async refresh(): Promise<void> {
    await this.db.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY processing_daily`);
  }
}
