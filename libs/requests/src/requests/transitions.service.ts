import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, Forbidden, InvalidInput, Principal } from '@app/core';
import { ProceduresRepository } from '../guide/procedures.repository';
import { visibleOr404 } from './access';
import { RequestDto } from './dto/request.dto';
import { RequestViews } from './request-views';
import { checkDecision } from './legal-rules';
import { actorOf, LifecycleActor, RequestLifecycle } from './request-lifecycle';
import { ServiceRequestRecord } from './request.record';
import { RequestsRepository } from './requests.repository';
import {
  claimMove,
  DECISION_STATES,
  DESK_ROLES,
  FINAL_STATES,
  findTransition,
  heldByAnother,
  HELD_STATES,
  LIFECYCLE,
  LifecycleRole,
  RequestState,
} from './state-machine';

export interface TransitionCommand {
  to: RequestState;
  reason?: string | null;
  /** A refusal's legal ground (law 55-19); see checkDecision. */
  ground?: string;
  /** needs_info: the documents asked for. */
  documents?: string[];
  /** In-process only: the platform accepts a request whose legal deadline passed in silence. */
  tacit?: boolean;
  /** The version the caller saw; omitted only by in-process callers that just read the row. */
  version?: number;
}

export class TransitionNotAllowed extends Conflict {
  constructor(r: ServiceRequestRecord, to: RequestState, detail: string) {
    super('transition-not-allowed', 'Transition not allowed', detail, { currentState: r.state, to, version: r.version });
  }
}

export class VersionConflict extends Conflict {
  constructor(r: ServiceRequestRecord) {
    super(
      'version-conflict',
      'The request changed meanwhile',
      `The request is now at version ${r.version} in state ${r.state}; reload it`,
      {
        currentVersion: r.version,
        currentState: r.state,
      },
    );
  }
}

export class HeldByAnother extends Conflict {
  constructor(r: ServiceRequestRecord, holder: { id: string; name: string | null }) {
    super(
      'request/held-by-another',
      'Held by another agent',
      `${holder.name ?? 'Another agent'} holds this request; a supervisor may take it over`,
      {
        holder,
        currentState: r.state,
        version: r.version,
      },
    );
  }
}

/** Moves requests through the state machine; the only writer of `service_request.state`. */
@Injectable()
export class RequestTransitions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RequestsRepository,
    private readonly procedures: ProceduresRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly views: RequestViews,
  ) {}

  /** POST /requests/{id}/transitions */
  async transition(id: string, cmd: TransitionCommand, p: Principal): Promise<RequestDto> {
    return this.db.transaction(async (m) => {
      const r = visibleOr404(p, await this.repo.findById(id, m, true));
      return this.views.one(await this.apply(m, r, cmd, p.role, actorOf(p)), p, m);
    });
  }

  /**
   * Applies a transition on the caller's transaction to a row it locked (FOR UPDATE). Exposed
   * for the other domains (a partner's dossier update, an SLA action) after their own checks.
   */
  async apply(
    m: EntityManager,
    r: ServiceRequestRecord,
    cmd: TransitionCommand,
    role: LifecycleRole,
    actor: LifecycleActor,
  ): Promise<ServiceRequestRecord> {
    const procedure = (await this.procedures.version(r.procedureVersionId, m))!;
    const verdict = findTransition(r.state, cmd.to, role, procedure.external);
    if (!verdict.ok && verdict.why === 'role') throw new Forbidden(`A ${role} may not move a request to ${cmd.to}`);
    if (cmd.version !== undefined && cmd.version !== r.version) throw new VersionConflict(r);
    await this.mustHold(m, r, role, actor);
    if (!verdict.ok) {
      throw new TransitionNotAllowed(
        r,
        cmd.to,
        verdict.why === 'external'
          ? `${r.procedureCode} is handled by the annex itself and cannot be forwarded`
          : `The request is ${r.state}; it cannot go to ${cmd.to}`,
      );
    }
    const reason = cmd.reason?.trim() || null;
    if (verdict.rule.reason === 'required' && !reason) {
      throw new InvalidInput([{ field: 'reason', reason: 'required', message: `a reason is required to move a request to ${cmd.to}` }]);
    }
    const ground = checkDecision(procedure, cmd);
    // Whoever takes a new request into review becomes its assignee, at the counter they sit at.
    const takes = !!verdict.rule.claims && !r.assigneeId && actor.kind === 'staff' && DESK_ROLES.includes(role);
    const updated = await this.repo.update(m, r.id, r.version, {
      state: cmd.to,
      ...(takes ? { assigneeId: actor.id, counter: actor.counter ?? r.counter } : {}),
      decided: DECISION_STATES.includes(cmd.to),
      closed: FINAL_STATES.includes(cmd.to),
      forwarded: LIFECYCLE[cmd.to].hands === 'external',
    });
    if (!updated) throw new VersionConflict((await this.repo.findById(r.id, m))!);
    await this.lifecycle.stateChanged(m, updated, r.state, actor, procedure, reason, {
      ground,
      ...(cmd.tacit ? { type: 'request.tacitly_accepted', template: 'request.tacit_accepted' } : {}),
    });
    return updated;
  }

  private async mustHold(m: EntityManager, r: ServiceRequestRecord, role: LifecycleRole, actor: LifecycleActor): Promise<void> {
    if (!heldByAnother(r, role, actor)) return;
    const [s] = await m.query(`SELECT full_name FROM staff WHERE id = $1`, [r.assigneeId]);
    throw new HeldByAnother(r, { id: r.assigneeId!, name: s?.full_name ?? null });
  }

  /**
   * POST /requests/{id}/takeover: a supervisor takes a request another agent holds, with a reason
   * recorded on the timeline (the previous holder is named in the event).
   */
  async takeover(id: string, cmd: { reason: string; version: number }, p: Principal): Promise<RequestDto> {
    return this.db.transaction(async (m) => {
      const r = visibleOr404(p, await this.repo.findById(id, m, true));
      if (cmd.version !== r.version) throw new VersionConflict(r);
      if (!r.assigneeId || r.assigneeId === p.id || !HELD_STATES.includes(r.state)) {
        throw new Conflict(
          'request/not-held',
          'Nothing to take over',
          `The request is ${r.state}${r.assigneeId ? '' : ' and held by nobody'}; claim it instead`,
          {
            currentState: r.state,
            assigneeId: r.assigneeId,
            version: r.version,
          },
        );
      }
      const reason = cmd.reason.trim();
      if (!reason) throw new InvalidInput([{ field: 'reason', reason: 'required', message: 'a takeover states its reason' }]);
      const updated = (await this.repo.update(m, r.id, r.version, { assigneeId: p.id, counter: p.counter ?? r.counter }))!;
      await this.lifecycle.appendEvent(
        m,
        r.id,
        { type: 'request.taken_over', from: r.state, to: r.state, reason, public: false },
        actorOf(p),
      );
      return this.views.one(updated, p, m);
    });
  }

  /**
   * POST /requests/{id}/claim: "assign to me". Of two agents claiming at once, the second waits
   * on the row lock, then finds it taken and gets a 409.
   */
  async claim(id: string, p: Principal): Promise<RequestDto> {
    return this.db.transaction(async (m) => {
      const r = visibleOr404(p, await this.repo.findById(id, m, true));
      const claim = LIFECYCLE[r.state].claim;
      const move = claimMove(r.state);
      if (claim === 'always' && move) return this.views.one(await this.apply(m, r, { to: move }, p.role, actorOf(p)), p, m);
      if (claim === 'unassigned' && !r.assigneeId) {
        const updated = (await this.repo.update(m, r.id, r.version, { assigneeId: p.id, counter: p.counter ?? r.counter }))!;
        await this.lifecycle.appendEvent(m, r.id, { type: 'request.assigned', from: r.state, to: r.state, public: false }, actorOf(p));
        return this.views.one(updated, p, m);
      }
      throw new Conflict('already-claimed', 'Request already taken', `The request is ${r.state}${r.assigneeId ? ' and assigned' : ''}`, {
        currentState: r.state,
        assigneeId: r.assigneeId,
        version: r.version,
      });
    });
  }
}
