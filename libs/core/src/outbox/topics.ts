import { createHash } from 'node:crypto';
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
  /** The annex that speaks, when neither the request nor the recipient says (a ticket, a grievance by phone). */
  annexId?: string;
}

/** topic `event` */
export interface DomainEventPayload {
  /** `request.submitted`, `request.state_changed`, `certificate.issued`, `certificate.revoked`, ... */
  type: string;
  /** Unique id of this event, a UUID (also the webhook delivery's idempotency key). */
  id: string;
  occurredAt: string;
  /**
   * Orders a request's events for a receiver: grows with each change of the request (the id of
   * its timeline event; not contiguous). Events announced by the same change share it.
   */
  sequence?: number;
  annexId: string | null;
  data: Record<string, unknown>;
}

/**
 * A UUID (RFC 9562 version 5 layout, SHA-1 over a fixed namespace) derived from a name such as
 * `certificate.issued:BRK5-2026-C-000012`: the same event always gets the same id, and it fits
 * the uuid columns that key webhook deliveries.
 */
export function eventIdFor(name: string): string {
  const h = createHash('sha1').update('annex-domain-event\0').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
