import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sqlStates } from './state-machine';

/** The clock columns of a request, as the SLA timers read them. */
export interface ClockRow {
  id: string;
  state: string;
  sla_warn_at: Date | null;
  sla_due_at: Date;
  sla_paused_at: Date | null;
  at_risk: boolean;
  overdue: boolean;
  tacit_accept_at: Date | null;
}

/** The states whose clock runs, as SQL (from the lifecycle table). */
const RUNNING_SQL = sqlStates((f) => f.slaRuns);
const CLOCK_COLUMNS = `id, state, sla_warn_at, sla_due_at, sla_paused_at, at_risk, overdue, tacit_accept_at`;

/**
 * The SLA and certificate columns of `service_request`. The table belongs to the requests
 * library: the SLA clock, the timers, interop's document waits and the certificates change these
 * columns through here (in the caller's transaction), never with SQL of their own.
 */
@Injectable()
export class RequestClockRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stops a running clock, keeping what was left (working minutes); a paused one keeps its first pause. */
  async pause(m: EntityManager, id: string, at: Date, remainingMinutes: number, warnRemainingMinutes: number | null): Promise<void> {
    await m.query(
      `UPDATE service_request SET sla_paused_at = $2, sla_remaining_minutes = $3,
              sla_warn_remaining_minutes = CASE WHEN sla_warn_at IS NULL THEN NULL ELSE $4::int END
        WHERE id = $1 AND sla_paused_at IS NULL`,
      [id, at, remainingMinutes, warnRemainingMinutes],
    );
  }

  /** Restarts a paused clock; a null warning or tacit time keeps the one the row has. */
  async resume(m: EntityManager, id: string, t: { dueAt: Date; warnAt: Date | null; tacitAcceptAt?: Date | null }): Promise<void> {
    await m.query(
      `UPDATE service_request SET sla_due_at = $2, sla_warn_at = COALESCE($3, sla_warn_at), tacit_accept_at = COALESCE($4, tacit_accept_at),
              sla_paused_at = NULL, sla_remaining_minutes = NULL, sla_warn_remaining_minutes = NULL
        WHERE id = $1`,
      [id, t.dueAt, t.warnAt, t.tacitAcceptAt ?? null],
    );
  }

  async moveTacitAccept(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE service_request SET tacit_accept_at = $2 WHERE id = $1`, [id, at]);
  }

  async setCertificateNumber(m: EntityManager, id: string, number: string): Promise<void> {
    await m.query(`UPDATE service_request SET certificate_number = $2 WHERE id = $1`, [id, number]);
  }

  /** The paused clock, unless a document another administration holds is still awaited (law 55-19). */
  async pausedClock(
    m: EntityManager,
    id: string,
  ): Promise<
    | {
        sla_remaining_minutes: number | null;
        sla_warn_remaining_minutes: number | null;
        sla_paused_at: Date | null;
        tacit_accept_at: Date | null;
      }
    | undefined
  > {
    const [row] = await m.query(
      `SELECT sla_remaining_minutes, sla_warn_remaining_minutes, sla_paused_at, tacit_accept_at FROM service_request s
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM document_request d WHERE d.request_id = s.id AND d.status = 'pending')`,
      [id],
    );
    return row;
  }

  /** The row's clock, locked for the caller's transaction unless `lock` is false. */
  async clock(
    m: EntityManager,
    id: string,
    lock = true,
  ): Promise<{
    id: string;
    annex_id: string;
    state: string;
    sla_due_at: Date;
    sla_warn_at: Date | null;
    sla_paused_at: Date | null;
    sla_remaining_minutes: number | null;
    sla_warn_remaining_minutes: number | null;
    tacit_accept_at: Date | null;
  }> {
    const [row] = await m.query(
      `SELECT id, annex_id, sla_due_at, sla_warn_at, sla_paused_at, sla_remaining_minutes, sla_warn_remaining_minutes, tacit_accept_at, state
         FROM service_request WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** What the processing-time record needs beyond the request record. */
  async timingFacts(
    m: EntityManager,
    id: string,
  ): Promise<{
    sla_due_at: Date;
    sla_target_minutes: number | null;
    decided_at: Date | null;
    assignee_id: string | null;
    counter: number | null;
  }> {
    const [row] = await m.query(
      `SELECT sla_due_at, sla_target_minutes, decided_at, assignee_id, counter FROM service_request WHERE id = $1`,
      [id],
    );
    return row;
  }

  async clockRow(id: string): Promise<ClockRow | undefined> {
    const [row] = (await this.db.query(`SELECT ${CLOCK_COLUMNS} FROM service_request WHERE id = $1`, [id])) as ClockRow[];
    return row;
  }

  /** One page (by id) of the clocks that may still fire. */
  async runningClocks(after: string, limit: number): Promise<ClockRow[]> {
    return (await this.db.query(
      `SELECT ${CLOCK_COLUMNS} FROM service_request
        WHERE state IN ${RUNNING_SQL} AND sla_paused_at IS NULL AND (NOT overdue OR tacit_accept_at IS NOT NULL) AND id > $1
        ORDER BY id LIMIT ${Number(limit)}`,
      [after],
    )) as ClockRow[];
  }

  /**
   * A warning or breach timer fired: marks the row once, if the clock still says so (running and
   * due at that same instant). Answers the marked request, or nothing when the timer was stale.
   */
  async markTimer(
    m: EntityManager,
    kind: 'warn' | 'breach',
    id: string,
    at: string,
  ): Promise<{ annex_id: string; tracking_code: string; procedure_code: string } | undefined> {
    const column = kind === 'warn' ? 'at_risk' : 'overdue';
    const timeColumn = kind === 'warn' ? 'sla_warn_at' : 'sla_due_at';
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [[row]] = await m.query(
      `UPDATE service_request SET ${column} = true, ${kind === 'breach' ? 'at_risk = true,' : ''} updated_at = now()
        WHERE id = $1 AND NOT ${column} AND state IN ${RUNNING_SQL} AND sla_paused_at IS NULL
          AND date_trunc('milliseconds', ${timeColumn}) = $2::timestamptz
        RETURNING annex_id, tracking_code, procedure_code`,
      [id, at],
    );
    return row;
  }

  /** Locks the request if its law 55-19 deadline is still `at` and its clock runs. */
  async lockTacitDue(m: EntityManager, id: string, at: string): Promise<boolean> {
    const [due] = await m.query(
      `SELECT id FROM service_request WHERE id = $1 AND state IN ${RUNNING_SQL} AND sla_paused_at IS NULL
          AND date_trunc('milliseconds', tacit_accept_at) = $2::timestamptz FOR UPDATE`,
      [id, at],
    );
    return Boolean(due);
  }
}
