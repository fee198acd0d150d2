import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotifyPayload, OutboxService, QueueFactory, QUEUES } from '@app/core';
import {
  claimMove,
  ClockRow,
  LifecycleActor,
  RequestClockRepository,
  RequestLifecycle,
  RequestsRepository,
  RequestTransitions,
  SLA_RUNNING_STATES as RUNNING,
  TACIT_OUTCOME,
} from '@app/requests';

/** `tacit`: law 55-19 acceptance at the legal deadline, where silence means acceptance. */
export type TimerKind = 'warn' | 'breach' | 'tacit';

export interface TimerJobData {
  requestId: string;
  /** The due (or warning) instant this timer was set for; a moved clock makes it stale. */
  at: string;
}

const SYSTEM: LifecycleActor = { id: null, kind: 'system', role: null, channel: null, counter: null };
const BATCH = 1000;

/**
 * Deterministic: re-creating the timer of the same instant can never make it fire twice. Compact
 * (a million of them live in Redis, the id three times each): `b` breach or `w` warn, the request
 * id without dashes, the instant in base-36 milliseconds, e.g. `b-3f0c1f0e8a1b…-mhx3k2a1`.
 */
export const timerJobId = (kind: TimerKind, requestId: string, at: Date) =>
  `${kind[0]}-${requestId.replace(/-/g, '')}-${at.getTime().toString(36)}`;

/**
 * BullMQ delayed jobs for the warning (75 %) and the breach (100 %) of each running clock.
 * PostgreSQL holds the truth; `sync` derives one request's timers from its row and `reconcile`
 * rebuilds every running one (after a Redis flush, say). A firing timer changes the row only if
 * the clock still says so, in one conditional UPDATE: exactly once, whatever Redis replays.
 */
@Injectable()
export class SlaTimers {
  readonly queue: Queue;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(QueueFactory) queues: QueueFactory,
    private readonly lifecycle: RequestLifecycle,
    private readonly outbox: OutboxService,
    private readonly requests: RequestsRepository,
    private readonly transitions: RequestTransitions,
    private readonly clocks: RequestClockRepository,
  ) {
    this.queue = queues.queue(QUEUES.sla);
  }

  /** Re-derives one request's timers (on every state change, through the outbox). */
  async sync(requestId: string): Promise<void> {
    const row = await this.clocks.clockRow(requestId);
    if (!row) return;
    const jobs = [...(this.running(row) ? this.jobsFor(row) : []), ...this.tacitJob(row)];
    if (jobs.length) await this.queue.addBulk(jobs);
    // Stopped or paused: drop this clock's timers (a stale one left behind is a no-op anyway).
    const ids = [
      ...(this.running(row)
        ? []
        : [timerJobId('breach', row.id, row.sla_due_at), ...(row.sla_warn_at ? [timerJobId('warn', row.id, row.sla_warn_at)] : [])]),
      ...(row.tacit_accept_at && !this.tacitJob(row).length ? [timerJobId('tacit', row.id, row.tacit_accept_at)] : []),
    ];
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  /** Recreates the timers of every running clock from PostgreSQL; returns how many clocks. */
  async reconcile(): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const rows = await this.clocks.runningClocks(after, BATCH);
      if (rows.length === 0) return total;
      await this.queue.addBulk(rows.flatMap((r) => [...(this.running(r) ? this.jobsFor(r) : []), ...this.tacitJob(r)]));
      total += rows.length;
      after = rows[rows.length - 1].id;
    }
  }

  /** A timer fired: mark the request, once, and record it (and tell the supervisors on a breach). */
  async fire(kind: TimerKind, data: TimerJobData): Promise<boolean> {
    if (kind === 'tacit') return this.acceptTacitly(data);
    return this.db.transaction(async (m) => {
      const row = await this.clocks.markTimer(m, kind, data.requestId, data.at);
      if (!row) return false;
      await this.lifecycle.appendEvent(
        m,
        data.requestId,
        { type: kind === 'warn' ? 'sla.at_risk' : 'sla.breached', from: null, to: null, reason: null, public: false },
        SYSTEM,
      );
      if (kind === 'breach') {
        const supervisors: { id: string }[] = await m.query(
          `SELECT id FROM staff WHERE annex_id = $1 AND role = 'supervisor' AND active ORDER BY id`,
          [row.annex_id],
        );
        await this.outbox.add(
          m,
          ...supervisors.map((s) => ({
            topic: 'notify' as const,
            idempotencyKey: `sla-breach:${data.requestId}:${data.at}:${s.id}`,
            annexId: row.annex_id,
            payload: {
              template: 'sla.breach',
              recipient: { staffId: s.id },
              requestId: data.requestId,
              data: { trackingCode: row.tracking_code, procedureCode: row.procedure_code, dueAt: data.at },
            } satisfies NotifyPayload,
          })),
        );
      }
      return true;
    });
  }

  /**
   * Law 55-19: the legal deadline passed without a decision on a procedure where silence means
   * acceptance. Accepted once, by the platform, if the row still says so (not decided, not
   * waiting for the citizen, the deadline unchanged); the citizen is told (request.tacit_accepted).
   */
  private async acceptTacitly(data: TimerJobData): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const due = await this.clocks.lockTacitDue(m, data.requestId, data.at);
      if (!due) return false;
      let r = (await this.requests.findById(data.requestId, m))!;
      // Into review first if nobody took it yet (the claim's move), then the approval, both the platform's.
      const review = claimMove(r.state);
      if (review) r = await this.transitions.apply(m, r, { to: review }, 'system', SYSTEM);
      await this.transitions.apply(
        m,
        r,
        { to: TACIT_OUTCOME, reason: 'loi 55-19 : silence vaut acceptation', tacit: true },
        'system',
        SYSTEM,
      );
      return true;
    });
  }

  private tacitJob(r: ClockRow) {
    if (!r.tacit_accept_at || !RUNNING.includes(r.state as never) || r.sla_paused_at) return [];
    const at = new Date(r.tacit_accept_at);
    return [
      {
        name: 'tacit' as TimerKind,
        data: { requestId: r.id, at: at.toISOString() } satisfies TimerJobData,
        opts: { jobId: timerJobId('tacit', r.id, at), delay: Math.max(0, at.getTime() - Date.now()) },
      },
    ];
  }

  private running(r: ClockRow): boolean {
    return RUNNING.includes(r.state as never) && !r.sla_paused_at && !r.overdue;
  }

  private jobsFor(r: ClockRow) {
    const now = Date.now();
    const job = (kind: TimerKind, at: Date) => ({
      name: kind,
      data: { requestId: r.id, at: at.toISOString() } satisfies TimerJobData,
      opts: { jobId: timerJobId(kind, r.id, at), delay: Math.max(0, at.getTime() - now) },
    });
    return [...(r.sla_warn_at && !r.at_risk ? [job('warn', new Date(r.sla_warn_at))] : []), job('breach', new Date(r.sla_due_at))];
  }
}
