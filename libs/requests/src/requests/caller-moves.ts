import { passesGuard, PERMISSIONS, Principal } from '@app/core';
import { AllowedTransitionDto } from './dto/allowed-transition.dto';
import { DESK_ROLES, heldByAnother, LIFECYCLE, movesFrom, RequestState, TRANSITIONS } from './state-machine';

/** What the caller may do with a request now: the same table and rules POST /transitions and POST /claim apply. */
export interface CallerMoves {
  allowedTransitions: AllowedTransitionDto[];
  claimable: boolean;
}

/** The procedure facts the lifecycle reads. */
export interface ProcedureFacts {
  external: boolean;
  issuesCertificate: boolean;
}

const TRANSITIONS_ROUTE = PERMISSIONS['POST /api/v1/requests/{id}/transitions'];
const CLAIM_ROUTE = PERMISSIONS['POST /api/v1/requests/{id}/claim'];

export function callerMoves(r: { state: RequestState; assigneeId: string | null }, p: Principal, procedure: ProcedureFacts): CallerMoves {
  const facts = LIFECYCLE[r.state];
  const moves =
    passesGuard(TRANSITIONS_ROUTE, p.role, p.scopes) && !heldByAnother(r, p.role, p)
      ? movesFrom(r.state, p.role, procedure.external).map((rule) => {
          const automatic = !!rule.automaticWithCertificate && procedure.issuesCertificate;
          // An approval that issues a certificate leads on to "ready for pickup", which the citizen is told about.
          const next = procedure.issuesCertificate
            ? TRANSITIONS.find((t) => t.automaticWithCertificate && t.from.includes(rule.to))
            : undefined;
          return {
            to: rule.to,
            reason: rule.reason ?? 'none',
            notifiesCitizen: !!LIFECYCLE[rule.to].notify || (!!next && !!LIFECYCLE[next.to].notify),
            automatic,
          } satisfies AllowedTransitionDto;
        })
      : [];
  const claimable =
    passesGuard(CLAIM_ROUTE, p.role, p.scopes) &&
    DESK_ROLES.includes(p.role) &&
    (facts.claim === 'always' || (facts.claim === 'unassigned' && !r.assigneeId));
  return { allowedTransitions: moves, claimable };
}
