import type { Role } from '@app/core';

export const REQUEST_STATES = [
  'submitted',
  'in_review',
  'needs_info',
  'approved',
  'rejected',
  'forwarded',
  'ready_for_pickup',
  'delivered',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** Who moves a request: a role, or the platform itself (the certificate worker, law 55-19's timers). */
export type LifecycleRole = Role | 'system';

/** Facts about one state; everything that asks "what is true of a request in state X" reads these. */
export interface StateFacts {
  /** Still waiting on the annex or an agency: the agent queue, open counts in metrics. */
  open: boolean;
  /** The SLA clock runs (the annex owes the answer); `needs_info` pauses it. */
  slaRuns: boolean;
  /** Entering it pauses the SLA clock (waiting for the citizen); leaving it to a running state resumes it. */
  pausesSla: boolean;
  /** Entering it is the annex's decision (decided_at is set). */
  decision: boolean;
  /** Nothing more happens to the request. */
  final: boolean;
  /** "Assign to me": `always` (the claim takes it into review), `unassigned` (only while nobody holds it), or not at all. */
  claim: 'always' | 'unassigned' | null;
  /** Only the assignee decides; anyone else at the desk takes it over first. */
  held: boolean;
  /** The outcome is still being worked toward: the citizen's page follows it and shows the due date. */
  inProgress: boolean;
  /** Whose hands the request is in, for the processing-time split (null: closed). */
  hands: 'agent' | 'citizen' | 'external' | null;
  /** The notification template the citizen gets on entering it (the notifications contract). */
  notify: string | null;
}

const state = (f: Partial<StateFacts>): StateFacts => ({
  open: true,
  slaRuns: false,
  pausesSla: false,
  decision: false,
  final: false,
  claim: null,
  held: false,
  inProgress: true,
  hands: null,
  notify: null,
  ...f,
});
const closed = (f: Partial<StateFacts>): StateFacts => state({ open: false, final: true, inProgress: false, ...f });

/** The request lifecycle's states, as data. */
export const LIFECYCLE: Readonly<Record<RequestState, StateFacts>> = {
  submitted: state({ slaRuns: true, claim: 'always', hands: 'agent', notify: 'request.received' }),
  in_review: state({ slaRuns: true, claim: 'unassigned', held: true, hands: 'agent' }),
  needs_info: state({ pausesSla: true, claim: 'unassigned', held: true, hands: 'citizen', notify: 'request.needs_info' }),
  approved: state({ decision: true, held: true, hands: 'agent' }),
  // Once forwarded, the decision is the agency's, and the annex's desk records its answer.
  forwarded: state({ decision: true, hands: 'external', notify: 'request.forwarded' }),
  ready_for_pickup: state({ inProgress: false, hands: 'citizen', notify: 'request.ready_for_pickup' }),
  rejected: closed({ decision: true, notify: 'request.rejected' }),
  delivered: closed({}),
  cancelled: closed({}),
};

/** The states for which `fact` holds, in lifecycle order. */
export function statesWhere(fact: (f: StateFacts) => boolean): RequestState[] {
  return REQUEST_STATES.filter((s) => fact(LIFECYCLE[s]));
}

/** The same as a SQL list, `('a', 'b')`, for `state IN ${...}` (state names are constants, never input). */
export function sqlStates(fact: (f: StateFacts) => boolean): string {
  return `(${statesWhere(fact)
    .map((s) => `'${s}'`)
    .join(', ')})`;
}

/** States in which nothing more happens to a request. */
export const FINAL_STATES: readonly RequestState[] = statesWhere((f) => f.final);
/** States that end the annex's decision (decided_at is set on entering them). */
export const DECISION_STATES: readonly RequestState[] = statesWhere((f) => f.decision);
/** States still waiting on the annex: the agent queue and the SLA clock. */
export const OPEN_STATES: readonly RequestState[] = statesWhere((f) => f.open);
/** States in which the SLA clock runs. */
export const SLA_RUNNING_STATES: readonly RequestState[] = statesWhere((f) => f.slaRuns);
/** States in which a request belongs to its assignee: only they decide. */
export const HELD_STATES: readonly RequestState[] = statesWhere((f) => f.held);

export interface TransitionRule {
  from: readonly RequestState[];
  to: RequestState;
  /** Who may; `citizen` means the owner only (others never see the request). */
  roles: readonly LifecycleRole[];
  /** A message (to the citizen, or the reason) asked for: `required`, or `optional` (offered). */
  reason?: 'required' | 'optional';
  /** Only for procedures handled by another administration. */
  externalOnly?: boolean;
  /** The move a claim makes: whoever makes it at the desk becomes the assignee. */
  claims?: boolean;
  /** A citizen's upload of a document makes this move (answering `needs_info`). */
  onCitizenDocument?: boolean;
  /** For a procedure that issues a certificate, the platform makes it once the PDF is stored (people may, but need not). */
  automaticWithCertificate?: boolean;
}

const DESK: LifecycleRole[] = ['agent', 'supervisor'];

/** The request lifecycle's moves, as data: from → to → who. Read only by `findTransition` and `movesFrom`. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: ['submitted'], to: 'in_review', roles: [...DESK, 'system'], claims: true },
  { from: ['in_review'], to: 'needs_info', roles: DESK, reason: 'required' },
  { from: ['needs_info'], to: 'in_review', roles: ['citizen', ...DESK, 'reception'], reason: 'optional', onCitizenDocument: true },
  // The platform approves when law 55-19's silence means acceptance.
  { from: ['in_review'], to: 'approved', roles: [...DESK, 'system'] },
  { from: ['approved'], to: 'ready_for_pickup', roles: [...DESK, 'system'], automaticWithCertificate: true },
  { from: ['ready_for_pickup'], to: 'delivered', roles: [...DESK, 'reception'] },
  { from: ['in_review'], to: 'rejected', roles: DESK, reason: 'required' },
  { from: ['submitted', 'needs_info'], to: 'cancelled', roles: ['citizen', 'reception', ...DESK], reason: 'optional' },
  { from: ['in_review'], to: 'forwarded', roles: DESK, externalOnly: true },
  { from: ['forwarded'], to: 'ready_for_pickup', roles: [...DESK, 'partner'] },
  { from: ['forwarded'], to: 'rejected', roles: [...DESK, 'partner'], reason: 'required' },
  // The agency reports the citizen collected the document from it (interop dossier update `collected`).
  { from: ['ready_for_pickup'], to: 'delivered', roles: ['partner'], externalOnly: true },
];

export type TransitionVerdict =
  | { ok: true; rule: TransitionRule }
  /** The role may never move a request to this state. */
  | { ok: false; why: 'role' }
  /** The role could, but not from the current state (or not for this procedure). */
  | { ok: false; why: 'state' | 'external' };

/** The one place that reads the table for a single move. */
export function findTransition(from: RequestState, to: RequestState, role: LifecycleRole, external: boolean): TransitionVerdict {
  const forRole = TRANSITIONS.filter((t) => t.to === to && t.roles.includes(role));
  if (forRole.length === 0) return { ok: false, why: 'role' };
  const rule = forRole.find((t) => t.from.includes(from));
  if (!rule) return { ok: false, why: 'state' };
  if (rule.externalOnly && !external) return { ok: false, why: 'external' };
  return { ok: true, rule };
}

/** Every move `role` may make from `from` (one rule per target state), by the same reading. */
export function movesFrom(from: RequestState, role: LifecycleRole, external: boolean): TransitionRule[] {
  return REQUEST_STATES.flatMap((to) => {
    const v = findTransition(from, to, role, external);
    return v.ok ? [v.rule] : [];
  });
}

/** `starts` and every state a move (by anyone) leads to from them. */
export function reachableFrom(starts: readonly RequestState[]): Set<RequestState> {
  const reached = new Set<RequestState>(starts);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of TRANSITIONS) {
      if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  return reached;
}

/** The move a citizen's uploaded document makes from `from`, if any. */
export function citizenDocumentMove(from: RequestState): RequestState | null {
  return TRANSITIONS.find((t) => t.onCitizenDocument && t.from.includes(from) && t.roles.includes('citizen'))?.to ?? null;
}

/** The move a claim makes from `from` (into review), if any. */
export function claimMove(from: RequestState): RequestState | null {
  return TRANSITIONS.find((t) => t.claims && t.from.includes(from))?.to ?? null;
}

/** What law 55-19's silence turns a request into, where silence means acceptance (made by `system`). */
export const TACIT_OUTCOME: RequestState = 'approved';

/** The roles at the desk: they claim, and only the assignee of a held request decides. */
export const DESK_ROLES: readonly LifecycleRole[] = ['agent', 'supervisor'];

/** At the desk, only the assignee moves a request they hold (the platform and partners are not at the desk). */
export function heldByAnother(
  r: { state: RequestState; assigneeId: string | null },
  role: LifecycleRole,
  actor: { kind: string; id: string | null },
): boolean {
  return actor.kind === 'staff' && DESK_ROLES.includes(role) && !!r.assigneeId && r.assigneeId !== actor.id && LIFECYCLE[r.state].held;
}

/** What the citizen does next, shown by public tracking. */
export const NEXT_STEP: Record<RequestState, { ar: string; fr: string; en: string }> = {
  submitted: {
    ar: 'تم استلام طلبكم وسيتم فحصه من طرف أحد الأعوان.',
    fr: "Votre demande a été reçue ; un agent va l'examiner.",
    en: 'Your request has been received; an agent will review it.',
  },
  in_review: { ar: 'طلبكم قيد الدراسة.', fr: "Votre demande est en cours d'examen.", en: 'Your request is being reviewed.' },
  needs_info: {
    ar: 'يرجى تقديم المعلومات أو الوثائق المطلوبة.',
    fr: 'Merci de fournir les informations ou documents demandés.',
    en: 'Please provide the information or documents requested.',
  },
  approved: {
    ar: 'تمت الموافقة على طلبكم، الوثيقة قيد الإعداد.',
    fr: 'Votre demande est acceptée ; le document est en préparation.',
    en: 'Your request is approved; the document is being prepared.',
  },
  rejected: {
    ar: 'تم رفض طلبكم. يمكنكم الاستفسار لدى الملحقة.',
    fr: "Votre demande a été rejetée. Renseignez-vous à l'annexe.",
    en: 'Your request was rejected. Ask at the annex for details.',
  },
  forwarded: {
    ar: 'أحيل ملفكم على الإدارة المختصة، وسنخبركم عند وصول الرد.',
    fr: "Votre dossier a été transmis à l'administration compétente ; nous vous préviendrons de sa réponse.",
    en: 'Your file was sent to the competent administration; we will tell you when it answers.',
  },
  ready_for_pickup: {
    ar: 'وثيقتكم جاهزة، يرجى سحبها من الملحقة مع بطاقتكم الوطنية.',
    fr: "Votre document est prêt : retirez-le à l'annexe muni(e) de votre CIN.",
    en: 'Your document is ready: collect it at the annex with your ID card.',
  },
  delivered: { ar: 'تم تسليم الوثيقة.', fr: 'Le document a été remis.', en: 'The document has been handed over.' },
  cancelled: { ar: 'تم إلغاء الطلب.', fr: 'La demande a été annulée.', en: 'The request was cancelled.' },
};
