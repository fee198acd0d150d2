import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Channel, CursorKey, preparedQuery } from '@app/core';
import { PROXY_ACTIVE, REQUEST_COLUMNS, ServiceRequestRecord, toRecord } from './request.record';
import { OPEN_STATES, RequestState } from './state-machine';

export type NewRequest = Pick<
  ServiceRequestRecord,
  | 'id'
  | 'annexId'
  | 'citizenId'
  | 'proxyId'
  | 'mandateId'
  | 'dependentId'
  | 'procedureCode'
  | 'procedureVersionId'
  | 'trackingCode'
  | 'channel'
  | 'filedBy'
  | 'filedByKind'
  | 'counter'
  | 'form'
  | 'slaDueAt'
  | 'submittedAt'
>;

const COLUMN = /^[a-z_]+$/;

/** A row with the exact (microsecond) sort time its page cursor must carry; milliseconds would repeat rows. */
export type Keyed = ServiceRequestRecord & { sortKey: string };
const keyed = (row: Record<string, any>): Keyed => ({ ...toRecord(row), sortKey: String(row.sort_key) });
const micros = (col: string) => `(extract(epoch FROM ${col}) * 1000000)::bigint::text`;
const fromMicros = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

export interface QueueFilter {
  /** Null: every annex (a province-wide admin). */
  annexId: string | null;
  states?: RequestState[];
  procedure?: string;
  channel?: Channel;
  overdue?: boolean;
  assigneeId?: string;
  trackingCode?: string;
  cin?: string;
  name?: string;
  after: CursorKey | null;
  limit: number;
}

export interface HistoryFilter {
  citizenId: string;
  states?: RequestState[];
  procedure?: string;
  after: CursorKey | null;
  limit: number;
}

@Injectable()
export class RequestsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The next tracking number of an annex and year, from a PostgreSQL sequence: unlike a counter
   * row, a sequence takes no lock until commit, so submissions do not queue behind each other
   * (a rolled-back submission leaves a gap, which a tracking code may have).
   */
  async nextTrackingNumber(m: EntityManager, annexId: string, year: number): Promise<number> {
    const name = `tracking_seq_${annexId.replace(/-/g, '')}_${year}`;
    const [row] = await m.query(`SELECT nextval(to_regclass($1)) AS n`, [name]);
    if (row.n !== null) return Number(row.n);
    // The first request of the year creates the sequence, in this transaction (DDL is
    // transactional); the lock makes a concurrent first request wait, then find it.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [name]);
    const [legacy] = await m.query(`SELECT last_value FROM tracking_counter WHERE annex_id = $1 AND year = $2`, [annexId, year]);
    await m.query(`CREATE SEQUENCE IF NOT EXISTS ${name} START WITH ${Number(legacy?.last_value ?? 0) + 1}`);
    const [again] = await m.query(`SELECT nextval($1::regclass) AS n`, [name]);
    return Number(again.n);
  }

  /** `extra`: other domains' columns (RequestLifecycle.submissionColumns), in the same INSERT. */
  async insert(m: EntityManager, r: NewRequest, extra: Record<string, unknown> = {}): Promise<ServiceRequestRecord> {
    const values: Record<string, unknown> = {
      id: r.id,
      annex_id: r.annexId,
      citizen_id: r.citizenId,
      proxy_id: r.proxyId,
      mandate_id: r.mandateId,
      dependent_id: r.dependentId,
      procedure_code: r.procedureCode,
      procedure_version_id: r.procedureVersionId,
      tracking_code: r.trackingCode,
      channel: r.channel,
      filed_by: r.filedBy,
      filed_by_kind: r.filedByKind,
      counter: r.counter,
      form: r.form,
      sla_due_at: r.slaDueAt,
      submitted_at: r.submittedAt,
      ...extra,
    };
    const columns = Object.keys(values);
    const bad = columns.find((c) => !COLUMN.test(c));
    if (bad) throw new Error(`not a column name: ${bad}`);
    const [row] = await m.query(
      `INSERT INTO service_request AS r (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${REQUEST_COLUMNS}`,
      Object.values(values),
    );
    return toRecord(row);
  }

  async findById(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ServiceRequestRecord | null> {
    const [row] = await m.query(`SELECT ${REQUEST_COLUMNS} FROM service_request r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRecord(row) : null;
  }

  async findByTrackingCode(code: string, m: EntityManager = this.db.manager): Promise<ServiceRequestRecord | null> {
    const [row] = await m.query(`SELECT ${REQUEST_COLUMNS} FROM service_request r WHERE r.tracking_code = $1`, [code]);
    return row ? toRecord(row) : null;
  }

  /** Writes a new state (and whatever else changes with it) if the version is still `version`. */
  async update(
    m: EntityManager,
    id: string,
    version: number,
    set: {
      state?: RequestState;
      assigneeId?: string | null;
      counter?: number | null;
      decided?: boolean;
      closed?: boolean;
      forwarded?: boolean;
    },
  ): Promise<ServiceRequestRecord | null> {
    const params: unknown[] = [id, version];
    const sets = ['version = r.version + 1', 'updated_at = now()'];
    const add = (col: string, v: unknown) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (set.state !== undefined) add('state', set.state);
    if (set.assigneeId !== undefined) add('assignee_id', set.assigneeId);
    if (set.counter !== undefined) add('counter', set.counter);
    if (set.decided) sets.push('decided_at = now()');
    if (set.closed) sets.push('closed_at = now()');
    // A forwarded request records the agency its procedure version names.
    if (set.forwarded) sets.push('agency_code = (SELECT v.agency_code FROM procedure_version v WHERE v.id = r.procedure_version_id)');
    const [rows] = await m.query(
      `UPDATE service_request r SET ${sets.join(', ')} WHERE r.id = $1 AND r.version = $2 RETURNING ${REQUEST_COLUMNS}`,
      params,
    );
    return rows?.[0] ? toRecord(rows[0]) : null;
  }

  /**
   * The agent queue: by SLA due time then id (keyset pagination on both). A named statement, so
   * each pooled connection parses it once per shape and PostgreSQL can keep its plan: planning
   * the six-branch UNION ALL costs more than running it.
   */
  async queue(f: QueueFilter): Promise<Keyed[]> {
    const { sql, params } = queueQuery(f);
    return (await preparedQuery<Record<string, any>>(this.db, sql, params)).map(keyed);
  }

  /**
   * The queue version of an annex (every annex's summed for a province-wide admin): bumped at the
   * commit of every change its queue rows show (trigger `queue_changed`), so equal versions mean
   * an unchanged queue.
   */
  async queueVersion(annexId: string | null): Promise<string> {
    // Read before every staff list (its ETag) and every stream opening: a named statement, planned once per connection.
    const [row] = await preparedQuery<{ v: string }>(
      this.db,
      `SELECT coalesce(sum(version), 0)::text AS v FROM queue_version WHERE $1::uuid IS NULL OR annex_id = $1`,
      [annexId],
    );
    return row.v;
  }

  /** A citizen's own requests, newest first. */
  async history(f: HistoryFilter): Promise<Keyed[]> {
    const { sql, params } = historyQuery(f);
    return (await this.db.query(sql, params)).map(keyed);
  }
}

/**
 * The queue statement, shared by the API and the test that checks its plan. One ordered index
 * scan per state (index `annex_id, state, sla_due_at, id`), merged: a list of states in one
 * `state = ANY(...)` cannot be read in due order, and at a million rows, mostly closed and
 * long past due, the planner would otherwise walk the whole annex from its oldest due time.
 * Without a state filter the queue is the open requests.
 */
export function queueQuery(f: QueueFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  let states: readonly RequestState[] = f.states?.length ? [...new Set(f.states)] : OPEN_STATES;
  if (f.annexId) where.push(`r.annex_id = ${p(f.annexId)}`);
  if (f.procedure) where.push(`r.procedure_code = ${p(f.procedure)}`);
  if (f.channel) where.push(`r.channel = ${p(f.channel)}`);
  if (f.overdue === true) {
    states = states.filter((s) => OPEN_STATES.includes(s));
    where.push(`(r.overdue OR r.sla_due_at < now())`);
  }
  if (f.overdue === false) where.push(`NOT (r.overdue OR r.sla_due_at < now())`);
  if (f.assigneeId) where.push(`r.assignee_id = ${p(f.assigneeId)}`);
  if (f.trackingCode) where.push(`r.tracking_code = ${p(f.trackingCode)}`);
  if (f.cin) where.push(`r.citizen_id IN (SELECT id FROM citizen WHERE cin = ${p(f.cin)})`);
  if (f.name) {
    const like = p(`%${f.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(
      `r.citizen_id IN (SELECT id FROM citizen WHERE (first_name || ' ' || last_name) ILIKE ${like} OR (last_name || ' ' || first_name) ILIKE ${like}
                        OR (first_name_ar || ' ' || last_name_ar) ILIKE ${like} OR (last_name_ar || ' ' || first_name_ar) ILIKE ${like})`,
    );
  }
  if (f.after) where.push(`(r.sla_due_at, r.id) > (${fromMicros(p(f.after[0]))}, ${p(f.after[1])}::uuid)`);
  const limit = p(f.limit + 1);
  if (states.length === 0) return { sql: `SELECT ${REQUEST_COLUMNS}, '' AS sort_key FROM service_request r WHERE false`, params: [] };
  const branches = states.map(
    (state) =>
      `(SELECT ${REQUEST_COLUMNS}, ${micros('r.sla_due_at')} AS sort_key FROM service_request r
         WHERE ${[...where, `r.state = ${p(state)}`].join(' AND ')} ORDER BY r.sla_due_at, r.id LIMIT ${limit})`,
  );
  return { sql: `SELECT * FROM (${branches.join(' UNION ALL ')}) q ORDER BY q.sla_due_at, q.id LIMIT ${limit}`, params };
}

/**
 * The history statement, shared by the API and the test that checks its plan: the citizen's own
 * requests, and those they filed for a mandator while the mandate holds (a second index scan,
 * merged; an OR of the two would read neither index in order).
 */
export function historyQuery(f: HistoryFilter): { sql: string; params: unknown[] } {
  const own = historyBranch(f, 'r.citizen_id = $1');
  const filed = historyBranch(f, `r.proxy_id = $1 AND r.citizen_id <> $1 AND ${PROXY_ACTIVE}`);
  return {
    sql: `SELECT * FROM ((${own.sql}) UNION ALL (${filed.sql})) h ORDER BY h.submitted_at DESC, h.id DESC LIMIT $${own.params.length}`,
    params: own.params,
  };
}

function historyBranch(f: HistoryFilter, owner: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.citizenId];
  const where = [owner];
  if (f.states?.length) {
    params.push(f.states);
    where.push(`r.state = ANY($${params.length}::varchar[])`);
  }
  if (f.procedure) {
    params.push(f.procedure);
    where.push(`r.procedure_code = $${params.length}`);
  }
  if (f.after) {
    params.push(f.after[0], f.after[1]);
    where.push(`(r.submitted_at, r.id) < (${fromMicros(`$${params.length - 1}`)}, $${params.length}::uuid)`);
  }
  params.push(f.limit + 1);
  return {
    sql: `SELECT ${REQUEST_COLUMNS}, ${micros('r.submitted_at')} AS sort_key FROM service_request r WHERE ${where.join(' AND ')}
           ORDER BY r.submitted_at DESC, r.id DESC LIMIT $${params.length}`,
    params,
  };
}
