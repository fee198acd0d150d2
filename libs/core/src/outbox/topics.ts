import { QUEUES, QueueName } from '../redis/queues';

/**
 * What the outbox carries. A domain writes one of these in the same transaction as the change
 * it announces; the relay (apps/worker) moves each row to the queue named here.
 */
export const OUTBOX_ROUTES: Record<string, QueueName> = {
  /** One message to one person (SMS and/or email per their preferences). */
  notify: QUEUES.notifications,
  /** A domain event for partners' webhooks (request.submitted, request.state_changed, ...). */
  event: QUEUES.webhooks,
  /** Render and store a certificate PDF. */
  'certificate.render': QUEUES.certificates,
  /** (Re)schedule or cancel a request's SLA timers from its row in PostgreSQL. */
  'sla.sync': QUEUES.sla,
};

export type Language = 'ar' | 'fr' | 'en';

/** topic `notify` */
export interface NotifyPayload {
  /** Template name, e.g. `otp`, `request.received`, `request.needs_info`, `request.ready_for_pickup`. */
  template: string;
  /** Who: an account (preferences read at send time) or a bare phone/email (sign-up, anonymous). */
  recipient: { citizenId?: string; staffId?: string; phone?: string; email?: string; language?: Language };
  /** Values the template uses (tracking code, reason, code...). Never logged. */
  data: Record<string, unknown>;
  /** The request this message is about, so its delivery status shows on the request. */
  requestId?: string;
}

/** topic `event` */
export interface DomainEventPayload {
  /** `request.submitted`, `request.state_changed`, `certificate.issued`, `certificate.revoked`, ... */
  type: string;
  /** Unique id of this event (also the webhook delivery's idempotency key). */
  id: string;
  occurredAt: string;
  annexId: string | null;
  data: Record<string, unknown>;
}
