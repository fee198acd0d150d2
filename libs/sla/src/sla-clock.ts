import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { addWorkingMinutes, CalendarService, workingMinutesBetween } from '@app/core';
import {
  DECISION_STATES,
  FINAL_STATES,
  LIFECYCLE,
  LifecycleActor,
  RequestClockRepository,
  RequestLifecycle,
  RequestState,
  ServiceRequestRecord,
  SLA_RUNNING_STATES,
} from '@app/requests';
import { processingTime } from './timing';

export const WARN_FRACTION = 0.75;

/**
 * Keeps each request's SLA clock in PostgreSQL, inside the transaction of every state change:
 * due and warning times at submission, pause and shift around `needs_info`, and the processing
 * time split when the request is decided or closed. Timers in Redis are derived from this.
 */
@Injectable()
export class SlaClock implements OnModuleInit {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly calendars: CalendarService,
    private readonly clocks: RequestClockRepository,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onTransition('sla-clock', (m, r, from, to, actor) => this.onTransition(m, r, from, to, actor));
    // Submission: the target and the warning time go into the request's own INSERT.
    this.lifecycle.onSubmission('sla-clock', ({ submittedAt, slaDueAt, calendar: cal }) => {
      const target = workingMinutesBetween(submittedAt, slaDueAt, cal);
      return { sla_target_minutes: target, sla_warn_at: addWorkingMinutes(submittedAt, Math.round(target * WARN_FRACTION), cal) };
    });
  }

  async onTransition(
    m: EntityManager,
    r: ServiceRequestRecord,
    from: RequestState | null,
    to: RequestState,
    _actor: LifecycleActor,
  ): Promise<void> {
    const cal = await this.calendars.forAnnex(r.annexId, m);
    const now = new Date();
    if (LIFECYCLE[to].pausesSla) {
      // Waiting for the citizen is not the agent's delay: keep what was left, in working minutes.
      // Already paused (waiting for another administration's document): keep what was left then.
      await this.clocks.pause(m, r.id, now, workingMinutesBetween(now, r.slaDueAt, cal), await this.warnRemaining(m, r.id, now, cal));
    } else if (from && LIFECYCLE[from].pausesSla && SLA_RUNNING_STATES.includes(to)) {
      // Still waiting for a document another administration holds (law 55-19): the clock stays paused.
      const row = await this.clocks.pausedClock(m, r.id);
      if (row?.tacit_accept_at && row.sla_paused_at) {
        // Law 55-19's silence runs only while the annex owes the answer: the wait for the citizen moves it too.
        const left = workingMinutesBetween(row.sla_paused_at, row.tacit_accept_at, cal);
        await this.clocks.moveTacitAccept(m, r.id, addWorkingMinutes(now, left, cal));
      }
      if (row?.sla_remaining_minutes != null) {
        await this.clocks.resume(m, r.id, {
          dueAt: addWorkingMinutes(now, row.sla_remaining_minutes, cal),
          warnAt: addWorkingMinutes(now, row.sla_warn_remaining_minutes ?? 0, cal),
        });
      }
    }
    if (DECISION_STATES.includes(to) || FINAL_STATES.includes(to)) await this.recordTiming(m, r, to, now);
  }

  private async warnRemaining(
    m: EntityManager,
    id: string,
    now: Date,
    cal: Awaited<ReturnType<CalendarService['forAnnex']>>,
  ): Promise<number> {
    const row = await this.clocks.clock(m, id, false);
    return row?.sla_warn_at ? workingMinutesBetween(now, row.sla_warn_at, cal) : 0;
  }

  /** The processing-time split metrics read; rewritten at the decision and again at the close. */
  private async recordTiming(m: EntityManager, r: ServiceRequestRecord, to: RequestState, now: Date): Promise<void> {
    const cal = await this.calendars.forAnnex(r.annexId, m);
    const events: { to_state: string; at: Date }[] = await m.query(
      `SELECT to_state, at FROM request_event WHERE request_id = $1 AND to_state IS NOT NULL ORDER BY id`,
      [r.id],
    );
    // Documents asked of other administrations (law 55-19): their waits are the agency's time.
    const waits: { requested_at: Date; answered_at: Date | null }[] = await m.query(
      `SELECT requested_at, answered_at FROM document_request WHERE request_id = $1`,
      [r.id],
    );
    const t = processingTime(
      events.map((e) => ({ to: e.to_state, at: e.at })),
      now,
      cal,
      waits.map((w) => ({ from: w.requested_at, until: w.answered_at })),
    );
    const row = await this.clocks.timingFacts(m, r.id);
    const decidedAt: Date | null = row.decided_at ?? (DECISION_STATES.includes(to) ? now : null);
    await m.query(
      `INSERT INTO request_timing (request_id, annex_id, procedure_code, channel, assignee_id, counter, final_state, submitted_at,
                                   decided_at, closed_at, sla_target_minutes, decision_minutes, agent_minutes, citizen_minutes,
                                   external_minutes, within_sla)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (request_id) DO UPDATE SET
         final_state = EXCLUDED.final_state, decided_at = EXCLUDED.decided_at, closed_at = EXCLUDED.closed_at,
         assignee_id = EXCLUDED.assignee_id, counter = EXCLUDED.counter, decision_minutes = EXCLUDED.decision_minutes,
         agent_minutes = EXCLUDED.agent_minutes, citizen_minutes = EXCLUDED.citizen_minutes,
         external_minutes = EXCLUDED.external_minutes, within_sla = EXCLUDED.within_sla`,
      [
        r.id,
        r.annexId,
        r.procedureCode,
        r.channel,
        row.assignee_id,
        row.counter,
        to,
        r.submittedAt,
        decidedAt,
        now,
        row.sla_target_minutes ?? workingMinutesBetween(r.submittedAt, row.sla_due_at, cal),
        t.decisionMinutes,
        t.agentMinutes,
        t.citizenMinutes,
        t.externalMinutes,
        decidedAt ? decidedAt.getTime() <= new Date(row.sla_due_at).getTime() : null,
      ],
    );
  }
}
