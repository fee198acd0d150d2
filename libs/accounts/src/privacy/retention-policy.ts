/**
 * What is kept, how long, and why (law 09-08 art. 3: data kept no longer than its purpose
 * needs). `days` counts from `since`; `action` says what happens past it. Overridable with
 * RETENTION=kind=days,... . Each kind's SQL names the rows past their period ($1 = cutoff).
 */
export interface RetentionKind {
  kind: string;
  days: number;
  since: string;
  action: 'delete' | 'anonymise' | 'delete-file';
  reason: string;
  /** The rows past the period: `FROM ... WHERE ...` with $1 the cutoff time. */
  where: string;
  /** What applying does to them (null: delete-file, done by the service). */
  apply: string | null;
}

const YEAR = 365;

export const RETENTION_KINDS: RetentionKind[] = [
  {
    kind: 'oneTimeCode',
    days: 7,
    since: 'expiry or use',
    action: 'delete',
    reason: 'A sign-up, claim or kiosk code is useless once used or expired; a week covers support questions.',
    where: `FROM one_time_code WHERE COALESCE(used_at, expires_at) < $1`,
    apply: `DELETE FROM one_time_code WHERE COALESCE(used_at, expires_at) < $1`,
  },
  {
    kind: 'refreshToken',
    days: 7,
    since: 'use, revocation or expiry',
    action: 'delete',
    reason: 'A rotated refresh token is kept a week to detect its replay; after that it only tells when someone was signed in.',
    where: `FROM refresh_token WHERE LEAST(COALESCE(used_at, 'infinity'), COALESCE(revoked_at, 'infinity'), expires_at) < $1`,
    apply: `DELETE FROM refresh_token WHERE LEAST(COALESCE(used_at, 'infinity'), COALESCE(revoked_at, 'infinity'), expires_at) < $1`,
  },
  {
    kind: 'outbox',
    days: 30,
    since: 'relay',
    action: 'delete',
    reason: 'Relayed messages carry their payload (codes, phone numbers); a month covers re-drives and incident analysis.',
    where: `FROM outbox_message WHERE relayed_at < $1`,
    apply: `DELETE FROM outbox_message WHERE relayed_at < $1`,
  },
  {
    kind: 'notification',
    days: YEAR,
    since: 'sending',
    action: 'anonymise',
    reason: 'The text of a sent SMS or email is kept a year for disputes; the delivery record (masked) stays.',
    where: `FROM notification WHERE created_at < $1 AND payload <> '{}'::jsonb`,
    apply: `UPDATE notification SET payload = '{}'::jsonb, last_error = NULL WHERE created_at < $1 AND payload <> '{}'::jsonb`,
  },
  {
    kind: 'ticket',
    days: YEAR,
    since: 'issue',
    action: 'anonymise',
    reason: 'A queue ticket needs its citizen only for the visit; the anonymous ticket stays for the waiting-time statistics.',
    where: `FROM ticket WHERE created_at < $1 AND citizen_id IS NOT NULL`,
    apply: `UPDATE ticket SET citizen_id = NULL WHERE created_at < $1 AND citizen_id IS NOT NULL`,
  },
  {
    kind: 'grievance',
    days: 5 * YEAR,
    since: 'last update of a closed grievance',
    action: 'anonymise',
    reason: 'Art. 156 follow-up and appeals; afterwards the phone and the free text go, the subject and dates stay for statistics.',
    where: `FROM grievance WHERE state = 'closed' AND updated_at < $1 AND (phone IS NOT NULL OR description <> '')`,
    apply: `UPDATE grievance SET phone = NULL, description = '' WHERE state = 'closed' AND updated_at < $1 AND (phone IS NOT NULL OR description <> '')`,
  },
  {
    kind: 'attachment',
    days: 5 * YEAR,
    since: 'closing of the request',
    action: 'delete-file',
    reason: 'Supporting documents serve the decision and its appeals (5 years); the request, its decision and the checksum stay.',
    where: `FROM request_attachment a JOIN service_request r ON r.id = a.request_id WHERE r.closed_at < $1 AND a.purged_at IS NULL`,
    apply: null,
  },
  {
    kind: 'accessLog',
    days: 5 * YEAR,
    since: 'the read',
    action: 'delete',
    reason: 'Who read a record stays visible to the citizen and the supervisor as long as the documents it concerns.',
    where: `FROM citizen_access_log WHERE at < $1`,
    apply: `DELETE FROM citizen_access_log WHERE at < $1`,
  },
];

/** The declared periods with the RETENTION overrides applied; an unknown kind stops the start. */
export function retentionPolicy(overrides: string): RetentionKind[] {
  const days = new Map<string, number>();
  for (const pair of overrides.split(',').filter(Boolean)) {
    const [kind, n] = pair.split('=');
    if (!RETENTION_KINDS.some((k) => k.kind === kind)) {
      throw new Error(
        `Invalid configuration: RETENTION names an unknown kind ${kind} (known: ${RETENTION_KINDS.map((k) => k.kind).join(', ')})`,
      );
    }
    days.set(kind, Number(n));
  }
  return RETENTION_KINDS.map((k) => ({ ...k, days: days.get(k.kind) ?? k.days }));
}
