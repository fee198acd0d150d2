import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal, STAFF_ROLES } from '../auth/principal';

/** What a staff member read: one word per kind of record, the same in the API, the table and the UI. */
export const ACCESS_WHATS = ['citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export', 'family'] as const;
export type AccessWhat = (typeof ACCESS_WHATS)[number];

export interface AccessEntry {
  /** Whose record; null for a grievance filed without an account. */
  citizenId: string | null;
  what: AccessWhat;
  /** The record read (request, attachment, grievance...). */
  objectId?: string | null;
  /** The purpose when it is a request being processed. */
  requestId?: string | null;
}

/** One row of citizen_access_log, as the read made it. */
interface AccessRow {
  citizenId: string | null;
  staffId: string;
  role: string;
  annexId: string | null;
  counter: number | null;
  what: AccessWhat;
  objectId: string | null;
  requestId: string | null;
  reason: string | null;
  at: Date;
}

interface Waiting {
  rows: AccessRow[];
  ok(): void;
  fail(e: unknown): void;
}

/** Rows in one INSERT at most (a page of search results is 100). */
const BATCH_ROWS = 1000;
const ASYNC_COMMIT = true;
/**
 * INSERTs in flight at once: a read that arrives while one is running need not wait for it to end
 * before its own starts (one flusher halved the rate of agents' reads on a loaded machine).
 */
const FLUSHERS = 4;

/**
 * Law 09-08: every staff read of personal data is recorded (who, role, annex, counter, whose
 * record, what, when, why); the citizen sees it at `/me/access-log`. Reads by the citizen
 * themself, devices and partners are not staff reads.
 *
 * A read answers only once its rows are committed (visible to the audit and to the citizen), and
 * reads made at the same time share one INSERT: while FLUSHERS are in flight the next reads queue,
 * and the queue goes in the next single statement. That statement's commit does not wait for the disk
 * (`synchronous_commit = off` for it alone): waiting for the WAL flush made an agent's request
 * page read at a fraction of the rate of the same page read by its owner (bench/results.md). PostgreSQL writes the WAL out within 3 × wal_writer_delay (600 ms by default);
 * only a crash of the database server itself inside that window could lose rows (never half of a
 * batch, never other tables' data). Inside a caller's transaction (`m`) the rows commit with it.
 */
@Injectable()
export class AccessLog {
  private queue: Waiting[] = [];
  /** INSERTs in flight. */
  private flushing = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `reason`: the purpose typed by the staff member (a free search, opening a profile). */
  async record(p: Principal, entries: AccessEntry[], reason?: string | null, m?: EntityManager): Promise<void> {
    if (p.kind !== 'staff' || !STAFF_ROLES.includes(p.role) || entries.length === 0) return;
    const at = new Date();
    const why = reason?.trim().slice(0, 200) || null;
    const rows = entries.map((e): AccessRow => ({
      citizenId: e.citizenId,
      staffId: p.id,
      role: p.role,
      annexId: p.annexId,
      counter: p.counter,
      what: e.what,
      objectId: e.objectId ?? null,
      requestId: e.requestId ?? null,
      reason: why,
      at,
    }));
    if (m) return this.insert(m, rows);
    await new Promise<void>((ok, fail) => {
      this.queue.push({ rows, ok, fail });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing >= FLUSHERS) return;
    this.flushing++;
    try {
      while (this.queue.length) {
        const batch: Waiting[] = [];
        let n = 0;
        while (this.queue.length && (n === 0 || n + this.queue[0].rows.length <= BATCH_ROWS)) {
          const w = this.queue.shift()!;
          batch.push(w);
          n += w.rows.length;
        }
        try {
          await this.insert(
            this.db.manager,
            batch.flatMap((w) => w.rows),
            ASYNC_COMMIT,
          );
          batch.forEach((w) => w.ok());
        } catch (e) {
          // One read's bad row must not fail the others: each goes again on its own.
          if (batch.length === 1) batch[0].fail(e);
          else
            for (const w of batch) {
              await this.insert(this.db.manager, w.rows, ASYNC_COMMIT).then(w.ok, w.fail);
            }
        }
      }
    } finally {
      this.flushing--;
    }
  }

  /** `asyncCommit`: the statement is its own transaction, committed without waiting for the disk. */
  private async insert(m: EntityManager, rows: AccessRow[], asyncCommit = false): Promise<void> {
    const col = <K extends keyof AccessRow>(k: K) => rows.map((r) => r[k]);
    // set_config(…, true) lasts until the statement's own commit, which then does not wait for the
    // WAL flush: one round trip, where BEGIN; SET LOCAL; INSERT; COMMIT would take four.
    await m.query(
      `${asyncCommit ? `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) ` : ''}
       INSERT INTO citizen_access_log (citizen_id, staff_id, role, annex_id, counter, action, object_id, request_id, reason, at)
       SELECT t.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::timestamptz[]) AS t
       ${asyncCommit ? 'CROSS JOIN async' : ''}`,
      [
        col('citizenId'),
        col('staffId'),
        col('role'),
        col('annexId'),
        col('counter'),
        col('what'),
        col('objectId'),
        col('requestId'),
        col('reason'),
        col('at'),
      ],
    );
  }
}
