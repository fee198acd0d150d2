import { createHmac, timingSafeEqual } from 'node:crypto';

/** Events a partner may subscribe to (the `type` of the outbox topic `event`). */
export const WEBHOOK_EVENTS = [
  'request.submitted',
  'request.state_changed',
  'certificate.issued',
  'certificate.revoked',
  'document.requested',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Events addressed to one agency (`data.agencyCode`): only that agency's partners receive them,
 * whatever others subscribed to (the document asked for names a citizen; law 55-19).
 */
export const AGENCY_EVENTS: readonly WebhookEvent[] = ['document.requested'];

/** The agency an event is addressed to (`''`, no partner's, when one names none); `null`: any partner of the annex. */
export function addressedAgency(event: { type: string; data?: unknown }): string | null {
  if (!(AGENCY_EVENTS as readonly string[]).includes(event.type)) return null;
  const code = (event.data as { agencyCode?: unknown } | undefined)?.agencyCode;
  return typeof code === 'string' ? code : '';
}

export const SIGNATURE_HEADER = 'x-annex-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed too, so a replayed body with a new time fails. */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** What a receiver does (the docs show the same code): recompute, compare in constant time, bound the age. */
export function verifySignature(secret: string, body: string, header: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Enough attempts, doubling from `baseMs`, for the retries to span `windowMs` (24 h by default). */
export function retryAttempts(baseMs: number, windowMs: number): number {
  // Waits before attempts 2..n sum to baseMs * (2^(n-1) - 1).
  return Math.ceil(Math.log2(windowMs / baseMs + 1)) + 1;
}
