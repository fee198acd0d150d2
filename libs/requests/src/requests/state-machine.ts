import { Role } from '@app/core';

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

/** States in which nothing more happens to a request. */
export const FINAL_STATES: readonly RequestState[] = ['delivered', 'rejected', 'cancelled'];
/** States that end the annex's decision (decided_at is set on entering them). */
export const DECISION_STATES: readonly RequestState[] = ['approved', 'rejected', 'forwarded'];
/** States still waiting on the annex: the agent queue and the SLA clock. */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'in_review', 'needs_info', 'approved', 'forwarded', 'ready_for_pickup'];

export interface TransitionRule {
  from: readonly RequestState[];
  to: RequestState;
  /** Roles allowed; `citizen` means the owner only (others never see the request). */
  roles: readonly Role[];
  reasonRequired?: boolean;
  /** Only for procedures handled by another administration. */
  externalOnly?: boolean;
}

const DESK: Role[] = ['agent', 'supervisor'];

/** The request lifecycle, as data: from → to → who. Read only by `findTransition`. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: ['submitted'], to: 'in_review', roles: DESK },
  { from: ['in_review'], to: 'needs_info', roles: DESK, reasonRequired: true },
  { from: ['needs_info'], to: 'in_review', roles: ['citizen', ...DESK, 'reception'] },
  { from: ['in_review'], to: 'approved', roles: DESK },
  { from: ['approved'], to: 'ready_for_pickup', roles: DESK },
  { from: ['ready_for_pickup'], to: 'delivered', roles: [...DESK, 'reception'] },
  { from: ['in_review'], to: 'rejected', roles: DESK, reasonRequired: true },
  { from: ['submitted', 'needs_info'], to: 'cancelled', roles: ['citizen', 'reception', ...DESK] },
  { from: ['in_review'], to: 'forwarded', roles: DESK, externalOnly: true },
  { from: ['forwarded'], to: 'ready_for_pickup', roles: [...DESK, 'partner'] },
  { from: ['forwarded'], to: 'rejected', roles: [...DESK, 'partner'], reasonRequired: true },
  // The agency reports the citizen collected the document from it (interop dossier update `collected`).
  { from: ['ready_for_pickup'], to: 'delivered', roles: ['partner'], externalOnly: true },
];

export type TransitionVerdict =
  | { ok: true; rule: TransitionRule }
  /** The role may never move a request to this state. */
  | { ok: false; why: 'role' }
  /** The role could, but not from the current state (or not for this procedure). */
  | { ok: false; why: 'state' | 'external' };

/** The one place that reads the table. */
export function findTransition(from: RequestState, to: RequestState, role: Role, external: boolean): TransitionVerdict {
  const forRole = TRANSITIONS.filter((t) => t.to === to && t.roles.includes(role));
  if (forRole.length === 0) return { ok: false, why: 'role' };
  const rule = forRole.find((t) => t.from.includes(from));
  if (!rule) return { ok: false, why: 'state' };
  if (rule.externalOnly && !external) return { ok: false, why: 'external' };
  return { ok: true, rule };
}

/** What the citizen does next, shown by public tracking. */
export const NEXT_STEP: Record<RequestState, { ar: string; fr: string; en: string }> = {
  submitted: {
    ar: 'تم استلام طلبكم وسيتم فحصه من طرف أحد الأعوان.',
    fr: 'Votre demande a été reçue ; un agent va l\'examiner.',
    en: 'Your request has been received; an agent will review it.',
  },
  in_review: { ar: 'طلبكم قيد الدراسة.', fr: 'Votre demande est en cours d\'examen.', en: 'Your request is being reviewed.' },
  needs_info: {
    ar: 'يرجى تقديم المعلومات أو الوثائق المطلوبة.',
    fr: 'Merci de fournir les informations ou documents demandés.',
    en: 'Please provide the information or documents requested.',
  },
  approved: { ar: 'تمت الموافقة على طلبكم، الوثيقة قيد الإعداد.', fr: 'Votre demande est acceptée ; le document est en préparation.', en: 'Your request is approved; the document is being prepared.' },
  rejected: { ar: 'تم رفض طلبكم. يمكنكم الاستفسار لدى الملحقة.', fr: 'Votre demande a été rejetée. Renseignez-vous à l\'annexe.', en: 'Your request was rejected. Ask at the annex for details.' },
  forwarded: {
    ar: 'أحيل ملفكم على الإدارة المختصة، وسنخبركم عند وصول الرد.',
    fr: 'Votre dossier a été transmis à l\'administration compétente ; nous vous préviendrons de sa réponse.',
    en: 'Your file was sent to the competent administration; we will tell you when it answers.',
  },
  ready_for_pickup: {
    ar: 'وثيقتكم جاهزة، يرجى سحبها من الملحقة مع بطاقتكم الوطنية.',
    fr: 'Votre document est prêt : retirez-le à l\'annexe muni(e) de votre CIN.',
    en: 'Your document is ready: collect it at the annex with your ID card.',
  },
  delivered: { ar: 'تم تسليم الوثيقة.', fr: 'Le document a été remis.', en: 'The document has been handed over.' },
  cancelled: { ar: 'تم إلغاء الطلب.', fr: 'La demande a été annulée.', en: 'The request was cancelled.' },
};
