import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Channel, DomainEventPayload, NotifyPayload, OutboxEntry, OutboxService, Principal, Role, WorkingCalendar } from '@app/core';
import { ProcedureDefinition, RefusalGround } from '../guide/procedure.types';
import { mandateUsedAlert } from './beneficiary';
import { ServiceRequestRecord } from './request.record';
import { LIFECYCLE, RequestState } from './state-machine';

/** Who made a change (a person, a partner's system, or the platform itself). */
export interface LifecycleActor {
  id: string | null;
  kind: 'citizen' | 'staff' | 'partner' | 'system';
  role: Role | null;
  channel: Channel | null;
  counter: number | null;
}

export function actorOf(p: Principal): LifecycleActor {
  return { id: p.id, kind: p.kind, role: p.role, channel: p.channel, counter: p.counter };
}

/**
 * Runs inside the transaction of a state change (submission: `from` is null). Another domain
 * registers one to write its own rows atomically with the change (a certificate on approval,
 * SLA bookkeeping), without this library knowing it.
 */
export type TransitionHook = (
  manager: EntityManager,
  request: ServiceRequestRecord,
  from: RequestState | null,
  to: RequestState,
  actor: LifecycleActor,
) => Promise<void>;

/**
 * Every side effect of a state change, in one place. `stateChanged` itself writes the outbox
 * messages (the first three); the others are hooks other domains register by these names, run on
 * the same transaction. The API and the worker must register the same set (a test checks it):
 * a change made in either process has the same effects.
 */
export const TRANSITION_EFFECTS = {
  webhooks: 'outbox `event`: the domain event partners receive by webhook (libs/interop)',
  notifications: "outbox `notify`: the citizen is told, per the state's `notify` template (libs/notifications)",
  'sla-timers': "outbox `sla.sync`: the request's SLA timers re-derived in Redis (libs/sla)",
  'sla-clock':
    'hook: due and warning times at submission, pause and resume around waiting for the citizen, the processing-time split at the decision and the close (libs/sla)',
  'certificate-on-approval': 'hook: a certificate and its render job when a procedure that issues one is approved (libs/certificates)',
  'document-requests': 'hook: at submission, documents asked of partner agencies (libs/interop, law 55-19)',
} as const;
export type TransitionEffect = keyof typeof TRANSITION_EFFECTS;
const BUILT_IN: readonly TransitionEffect[] = ['webhooks', 'notifications', 'sla-timers'];

/** What a domain may read of a request about to be inserted. */
export interface SubmissionDraft {
  annexId: string;
  submittedAt: Date;
  slaDueAt: Date;
  /** The annex's working calendar, read before the submission's transaction. */
  calendar: WorkingCalendar;
}

/**
 * Columns another domain sets on a new request, computed before its INSERT and written by it
 * (the SLA warning time, say): one statement where a hook would need an UPDATE after it.
 * Column names are the contributor's, never input.
 */
export type SubmissionColumns = (draft: SubmissionDraft) => Promise<Record<string, unknown>> | Record<string, unknown>;

export interface EventInput {
  type: string;
  from: RequestState | null;
  to: RequestState | null;
  reason?: string | null;
  /** A refusal's legal ground (law 55-19). */
  legalGround?: string | null;
  public: boolean;
}

/**
 * Every change of a request goes through here: the append-only event, the outbox messages
 * (webhook event, citizen notification, SLA sync) and the registered hooks, all on the caller's
 * transaction, so they commit or roll back together with the change.
 */
@Injectable()
export class RequestLifecycle {
  private readonly hooks: { effect: TransitionEffect; hook: TransitionHook }[] = [];
  private readonly contributors: { effect: TransitionEffect; contributor: SubmissionColumns }[] = [];

  constructor(private readonly outbox: OutboxService) {}

  onTransition(effect: TransitionEffect, hook: TransitionHook): void {
    this.hooks.push({ effect, hook });
  }

  onSubmission(effect: TransitionEffect, contributor: SubmissionColumns): void {
    this.contributors.push({ effect, contributor });
  }

  /** The side effects this process registered (see TRANSITION_EFFECTS), sorted. */
  effects(): TransitionEffect[] {
    return [...new Set([...BUILT_IN, ...this.hooks.map((h) => h.effect), ...this.contributors.map((c) => c.effect)])].sort();
  }

  /** The registered domains' columns for a new request. */
  async submissionColumns(draft: SubmissionDraft): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const { contributor } of this.contributors) Object.assign(out, await contributor(draft));
    return out;
  }

  async appendEvent(m: EntityManager, requestId: string, e: EventInput, actor: LifecycleActor): Promise<{ id: string; at: Date }> {
    const [row] = await m.query(
      `INSERT INTO request_event (request_id, actor_id, actor_kind, role, channel, counter, from_state, to_state, type, reason, public, legal_ground)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, at`,
      [
        requestId,
        actor.id,
        actor.kind,
        actor.role,
        actor.channel,
        actor.counter,
        e.from,
        e.to,
        e.type,
        e.reason ?? null,
        e.public,
        e.legalGround ?? null,
      ],
    );
    return { id: String(row.id), at: row.at };
  }

  /** A state change (or the submission) of `request`, which already holds the new state. */
  async stateChanged(
    m: EntityManager,
    request: ServiceRequestRecord,
    from: RequestState | null,
    actor: LifecycleActor,
    procedure: Pick<ProcedureDefinition, 'name' | 'externalAgency'> & Partial<Pick<ProcedureDefinition, 'legalFrame'>>,
    reason?: string | null,
    legal: { ground?: RefusalGround | null; type?: string; template?: string } = {},
  ): Promise<void> {
    const to = request.state;
    const type = legal.type ?? (from === null ? 'request.submitted' : 'request.state_changed');
    const event = await this.appendEvent(
      m,
      request.id,
      { type, from, to, reason, legalGround: legal.ground?.code ?? null, public: true },
      actor,
    );
    const at = event.at.toISOString();
    const entries: OutboxEntry[] = [
      {
        topic: 'event',
        idempotencyKey: `request-event:${event.id}`,
        annexId: request.annexId,
        payload: {
          type,
          id: randomUUID(),
          occurredAt: at,
          sequence: Number(event.id),
          annexId: request.annexId,
          data: { requestId: request.id, trackingCode: request.trackingCode, procedureCode: request.procedureCode, from, to, at },
        } satisfies DomainEventPayload,
      },
      { topic: 'sla.sync', idempotencyKey: `request-sla:${event.id}`, annexId: request.annexId, payload: { requestId: request.id } },
    ];
    const template = legal.template ?? LIFECYCLE[to].notify ?? undefined;
    // A request filed under a mandate alerts both people, while the mandate holds.
    const recipients = [request.citizenId, ...(request.proxyId && request.proxyActive ? [request.proxyId] : [])];
    for (const [i, citizenId] of (template ? recipients : []).entries()) {
      entries.push({
        topic: 'notify',
        idempotencyKey: i === 0 ? `request-notify:${event.id}` : `request-notify:${event.id}:proxy`,
        annexId: request.annexId,
        payload: {
          template: template!,
          recipient: { citizenId },
          requestId: request.id,
          data: {
            trackingCode: request.trackingCode,
            procedureCode: request.procedureCode,
            procedureName: procedure.name,
            ...(to === 'forwarded' && procedure.externalAgency ? { externalAgency: procedure.externalAgency } : {}),
            ...(reason ? { reason } : {}),
            ...(legal.ground ? { ground: legal.ground.label } : {}),
            // A refusal states the appeal route (law 55-19).
            ...(to === 'rejected' && procedure.legalFrame ? { appealRoute: procedure.legalFrame.appealRoute } : {}),
          },
        } satisfies NotifyPayload,
      });
    }
    // Filed under a mandate: the mandator is told who used it.
    if (from === null) entries.push(...(await mandateUsedAlert(m, request, procedure.name)));
    await this.outbox.add(m, ...entries);
    for (const { hook } of this.hooks) await hook(m, request, from, to, actor);
  }
}
