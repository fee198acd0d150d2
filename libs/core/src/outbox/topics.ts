import { createHash } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { QUEUES, QueueName } from '../redis/queues';

/** Every outbox topic and the one payload type it carries. */
export interface OutboxPayloads {
  notify: NotifyPayload;
  event: DomainEventPayload;
  'certificate.render': CertificateRenderPayload;
  'sla.sync': SlaSyncPayload;
}
export type OutboxTopic = keyof OutboxPayloads;

/**
 * What the outbox carries. A domain writes one of these in the same transaction as the change
 * it announces; the relay (apps/worker) moves each row to the queue named here.
 */
export const OUTBOX_ROUTES: Readonly<Record<OutboxTopic, QueueName>> = {
  /** One message to one person (SMS and/or email per their preferences). */
  notify: QUEUES.notifications,
  /** A domain event for partners' webhooks (request.submitted, request.state_changed, ...). */
  event: QUEUES.webhooks,
  /** Render and store a certificate PDF. */
  'certificate.render': QUEUES.certificates,
  /** (Re)schedule or cancel a request's SLA timers from its row in PostgreSQL. */
  'sla.sync': QUEUES.sla,
};

/** A message's language: Arabic, French, English or Tamazight (Tifinagh). */
export type Language = 'ar' | 'fr' | 'en' | 'zgh';

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

/** topic `certificate.render` */
export interface CertificateRenderPayload {
  certificateId: string;
}

/** topic `sla.sync` */
export interface SlaSyncPayload {
  requestId: string;
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

/** A job whose data is not its topic's payload: it fails at once with the reason, never retried (a retry cannot fix it). */
export class InvalidJobData extends UnrecoverableError {
  constructor(topic: string, reason: string) {
    super(`invalid ${topic} payload: ${reason}`);
    this.name = 'InvalidJobData';
  }
}

type Check = (d: Record<string, unknown>) => string | null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text =
  (key: string): Check =>
  (d) =>
    typeof d[key] === 'string' && (d[key] as string).length > 0 ? null : `${key} must be a non-empty string`;
const uuid =
  (key: string): Check =>
  (d) =>
    typeof d[key] === 'string' && UUID.test(d[key] as string) ? null : `${key} must be a UUID`;
const optional =
  (key: string, check: Check): Check =>
  (d) =>
    d[key] === undefined || d[key] === null ? null : check(d);
const object =
  (key: string): Check =>
  (d) =>
    isObject(d[key]) ? null : `${key} must be an object`;

/** What each topic's payload must hold; read when a job starts. */
const PAYLOAD_CHECKS: Readonly<Record<OutboxTopic, readonly Check[]>> = {
  notify: [
    text('template'),
    object('recipient'),
    (d) => {
      const r = d.recipient as Record<string, unknown>;
      return ['citizenId', 'staffId', 'phone', 'email'].some((k) => typeof r[k] === 'string' && r[k])
        ? null
        : 'recipient must name a citizenId, staffId, phone or email';
    },
    object('data'),
    optional('requestId', uuid('requestId')),
    optional('annexId', uuid('annexId')),
  ],
  event: [text('type'), uuid('id'), text('occurredAt'), object('data'), optional('annexId', uuid('annexId'))],
  'certificate.render': [uuid('certificateId')],
  'sla.sync': [uuid('requestId')],
};

export const isOutboxTopic = (topic: string): topic is OutboxTopic => Object.prototype.hasOwnProperty.call(OUTBOX_ROUTES, topic);

/**
 * The payload of a job of `topic`, checked: a job starts with this. A payload that is not its
 * topic's throws InvalidJobData (the job fails visibly, once, with the reason; the worker goes on).
 */
export function outboxPayload<T extends OutboxTopic>(topic: T, data: unknown): OutboxPayloads[T] {
  if (!isObject(data)) throw new InvalidJobData(topic, 'not an object');
  for (const check of PAYLOAD_CHECKS[topic]) {
    const problem = check(data);
    if (problem) throw new InvalidJobData(topic, problem);
  }
  return data as unknown as OutboxPayloads[T];
}
