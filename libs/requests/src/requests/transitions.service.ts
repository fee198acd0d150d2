import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, Forbidden, InvalidInput, Principal } from '@app/core';
import { ProceduresRepository } from '../guide/procedures.repository';
import { visibleOr404 } from './access';
import { RequestDto, toRequestDto } from './dto/request.dto';
import { actorOf, LifecycleActor, RequestLifecycle } from './request-lifecycle';
import { ServiceRequestRecord } from './request.record';
import { RequestsRepository } from './requests.repository';
import { DECISION_STATES, FINAL_STATES, findTransition, RequestState } from './state-machine';

export interface TransitionCommand {
  to: RequestState;
  reason?: string | null;
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
    super('version-conflict', 'The request changed meanwhile', `The request is now at version ${r.version} in state ${r.state}; reload it`, {
      currentVersion: r.version,
      currentState: r.state,
    });
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
  ) {}

  /** POST /requests/{id}/transitions */
  async transition(id: string, cmd: TransitionCommand, p: Principal): Promise<RequestDto> {
    return this.db.transaction(async (m) => {
      const r = visibleOr404(p, await this.repo.findById(id, m, true));
      return toRequestDto(await this.apply(m, r, cmd, p.role, actorOf(p)));
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
    role: Principal['role'],
    actor: LifecycleActor,
  ): Promise<ServiceRequestRecord> {
    const procedure = (await this.procedures.version(r.procedureVersionId, m))!;
    const verdict = findTransition(r.state, cmd.to, role, procedure.external);
    if (!verdict.ok && verdict.why === 'role') throw new Forbidden(`A ${role} may not move a request to ${cmd.to}`);
    if (cmd.version !== undefined && cmd.version !== r.version) throw new VersionConflict(r);
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
    if (verdict.rule.reasonRequired && !reason) {
      throw new InvalidInput([{ field: 'reason', reason: 'required', message: `a reason is required to move a request to ${cmd.to}` }]);
    }
    // Whoever takes a new request into review becomes its assignee, at the counter they sit at.
    const takes = cmd.to === 'in_review' && !r.assigneeId && actor.kind === 'staff' && (role === 'agent' || role === 'supervisor');
    const updated = await this.repo.update(m, r.id, r.version, {
      state: cmd.to,
      ...(takes ? { assigneeId: actor.id, counter: actor.counter ?? r.counter } : {}),
      decided: DECISION_STATES.includes(cmd.to),
      closed: FINAL_STATES.includes(cmd.to),
      forwarded: cmd.to === 'forwarded',
    });
    if (!updated) throw new VersionConflict((await this.repo.findById(r.id, m))!);
    await this.lifecycle.stateChanged(m, updated, r.state, actor, procedure, reason);
    return updated;
  }

  /**
   * POST /requests/{id}/claim: "assign to me". Of two agents claiming at once, the second waits
   * on the row lock, then finds it taken and gets a 409.
   */
  async claim(id: string, p: Principal): Promise<RequestDto> {
    return this.db.transaction(async (m) => {
      const r = visibleOr404(p, await this.repo.findById(id, m, true));
      if (r.state === 'submitted') return toRequestDto(await this.apply(m, r, { to: 'in_review' }, p.role, actorOf(p)));
      if ((r.state === 'in_review' || r.state === 'needs_info') && !r.assigneeId) {
        const updated = (await this.repo.update(m, r.id, r.version, { assigneeId: p.id, counter: p.counter ?? r.counter }))!;
        await this.lifecycle.appendEvent(m, r.id, { type: 'request.assigned', from: r.state, to: r.state, public: false }, actorOf(p));
        return toRequestDto(updated);
      }
      throw new Conflict('already-claimed', 'Request already taken', `The request is ${r.state}${r.assigneeId ? ' and assigned' : ''}`, {
        currentState: r.state,
        assigneeId: r.assigneeId,
        version: r.version,
      });
    });
  }
}
