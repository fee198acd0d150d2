import { Role } from './principal';

/**
 * Who may call what: one table, read by the global guard (roles and partner scopes), by the
 * OpenAPI document (each operation's "Who may call"), by the README's security section and by
 * the e2e test that walks every operation of openapi.yaml with every kind of caller. A route
 * without an entry fails that test; adding one is one line here.
 *
 * - `who`: `public` (anyone; a credential, if sent, is still read), `signed-in` (any valid
 *   credential), or the roles allowed. Partners (`partner`) also need every scope in `scopes`.
 * - `rule`: the object rule the use case checks once the guard let the caller in (owner,
 *   assignee, same annex, own agency, own counter); refused with 403/404/409, never by the guard.
 */
export interface Permission {
  who: 'public' | 'signed-in' | readonly Role[];
  scopes?: readonly string[];
  rule?: string;
}

const PUBLIC: Permission = { who: 'public' };

/** Keyed by `METHOD /path`, the path as openapi.yaml writes it (`/api/v1/requests/{id}`). */
export const PERMISSIONS: Readonly<Record<string, Permission>> = {
  'DELETE /api/v1/appointments/{id}': {
    who: ['citizen', 'reception', 'supervisor'],
    rule: 'a citizen: their own; staff: their annex’s; only while booked',
  },
  'DELETE /api/v1/holidays/{id}': { who: ['admin'] },
  'DELETE /api/v1/partners/{id}/keys/{keyId}': { who: ['admin'] },
  'DELETE /api/v1/seasonal-hours/{id}': { who: ['admin'], rule: 'an annex admin: their annex' },
  'DELETE /api/v1/signage/media/{id}': { who: ['admin'] },
  'DELETE /api/v1/signage/{id}': { who: ['admin'] },
  'DELETE /api/v1/webhooks/{id}': {
    who: ['partner', 'admin'],
    scopes: ['webhooks:manage'],
    rule: 'a partner: its own; an admin: every partner’s',
  },
  'GET /api/v1/appointments': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'the caller’s annex' },
  'GET /api/v1/appointments/services': PUBLIC,
  'PUT /api/v1/appointments/services/{procedureCode}': {
    who: ['admin'],
    rule: 'an admin of the annex, or a province-wide admin naming it',
  },
  'GET /api/v1/appointments/slots': PUBLIC,
  'GET /api/v1/appointments/link/{token}': { who: 'public', rule: 'the token of the reminder SMS’s link' },
  'GET /api/v1/certificates/{number}': { who: ['reception', 'agent', 'supervisor', 'admin'] },
  'GET /api/v1/citizens': { who: ['reception', 'agent', 'supervisor'] },
  'GET /api/v1/citizens/{id}': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'a citizen of the caller’s annex' },
  'GET /api/v1/counters': { who: ['reception', 'agent', 'supervisor', 'admin'] },
  'GET /api/v1/grievances': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'a citizen: their own; staff: their annex',
  },
  'GET /api/v1/grievances/{id}': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'a citizen: their own; staff: their annex',
  },
  'GET /api/v1/grievances/{id}/photos/{photoId}': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'a citizen: their own; staff: their annex',
  },
  'GET /api/v1/holidays': PUBLIC,
  'GET /api/v1/interop/document-requests': { who: ['partner'], scopes: ['dossiers:update'], rule: 'the partner’s agency, in its annex' },
  'GET /api/v1/identity/patterns': PUBLIC,
  'GET /api/v1/me': { who: 'signed-in', rule: 'the caller' },
  'GET /api/v1/me/appointments': { who: ['citizen'], rule: 'the caller’s own' },
  'GET /api/v1/me/history': { who: ['citizen'] },
  'GET /api/v1/metrics/annexes': { who: ['supervisor', 'admin'], rule: 'a province-wide admin: every annex; others: their own' },
  'GET /api/v1/metrics/census': { who: ['supervisor', 'admin'] },
  'GET /api/v1/metrics/processing-times': {
    who: ['supervisor', 'agent', 'admin'],
    rule: 'an agent: their own figures; others: their annex',
  },
  'GET /api/v1/metrics/sla': { who: ['supervisor', 'admin'] },
  'GET /api/v1/metrics/tickets': { who: ['supervisor', 'admin', 'reception'] },
  'GET /api/v1/neighbourhoods': PUBLIC,
  'GET /api/v1/ops/notifications/failed': { who: ['admin'] },
  'GET /api/v1/ops/queues': { who: ['admin'] },
  'GET /api/v1/partners': { who: ['admin'] },
  'GET /api/v1/partners/{id}': { who: ['admin'] },
  'GET /api/v1/procedures': PUBLIC,
  'GET /api/v1/procedures/{code}': PUBLIC,
  'GET /api/v1/requests': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'a citizen: their own; staff: their annex’s queue',
  },
  'GET /api/v1/requests/stream': {
    who: 'public',
    rule: 'the route itself takes a stream ticket (POST /requests/stream-ticket) of staff of an annex; events of that annex only',
  },
  'POST /api/v1/requests/stream-ticket': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'staff of an annex (its queue)' },
  'GET /api/v1/requests/{id}': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin', 'partner'],
    scopes: ['dossiers:read'],
    rule: 'owner, or the proxy who filed it while the mandate holds; staff of its annex; a partner: forwarded to its agency (or filed by it), in its annex',
  },
  'GET /api/v1/requests/{id}/attachments': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'GET /api/v1/requests/{id}/attachments/{attachmentId}': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'GET /api/v1/requests/{id}/certificate': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'GET /api/v1/requests/{id}/events': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin', 'partner'],
    scopes: ['dossiers:read'],
    rule: 'owner (public entries); staff of its annex (all); a partner: forwarded to its agency, in its annex',
  },
  'GET /api/v1/requests/{id}/receipt': { who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'], rule: 'owner; staff of its annex' },
  'GET /api/v1/requests/{id}/receipt/pdf': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'GET /api/v1/requests/{id}/notifications': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'GET /api/v1/screen/waits': { who: ['display', 'reception', 'supervisor', 'admin'], rule: 'the caller’s annex' },
  'GET /api/v1/screen/stream': {
    who: 'public',
    rule: 'the route itself takes a live display (or reception, supervisor, admin) token of an annex, as ?access_token= or a header',
  },
  'GET /api/v1/seasonal-hours': PUBLIC,
  'GET /api/v1/signage': PUBLIC,
  'GET /api/v1/signage/media': { who: ['admin'] },
  'GET /api/v1/signage/prompts': { who: ['admin', 'kiosk', 'display'], rule: 'their annex' },
  'PUT /api/v1/signage/prompts/{step}/{lang}': { who: ['admin'], rule: 'their annex, with an audio file of its screen media' },
  'DELETE /api/v1/signage/prompts/{step}/{lang}': { who: ['admin'], rule: 'their annex' },
  'GET /api/v1/signage/media/{id}': PUBLIC,
  'GET /api/v1/staff': { who: ['admin'] },
  'GET /api/v1/staff/{id}': { who: ['admin'] },
  'GET /api/v1/tickets': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'the caller’s annex' },
  'GET /api/v1/track/{trackingCode}': PUBLIC,
  'GET /api/v1/transparency': PUBLIC,
  'GET /api/v1/verify/keys': PUBLIC,
  'GET /api/v1/verify/{number}': PUBLIC,
  'GET /api/v1/webhooks': { who: ['partner', 'admin'], scopes: ['webhooks:manage'], rule: 'a partner: its own; an admin: every partner’s' },
  'GET /api/v1/webhooks/{id}': {
    who: ['partner', 'admin'],
    scopes: ['webhooks:manage'],
    rule: 'a partner: its own; an admin: every partner’s',
  },
  'GET /api/v1/webhooks/{id}/deliveries': {
    who: ['partner', 'admin'],
    scopes: ['webhooks:manage'],
    rule: 'a partner: its own; an admin: every partner’s',
  },
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /open311/v2/requests.json': PUBLIC,
  'GET /open311/v2/requests.xml': PUBLIC,
  'GET /open311/v2/requests/{file}': PUBLIC,
  'GET /open311/v2/services.json': PUBLIC,
  'GET /open311/v2/services.xml': PUBLIC,
  'GET /open311/v2/services/{file}': PUBLIC,
  'GET /open311/v2/tokens/{file}': PUBLIC,
  'PATCH /api/v1/appointments/{id}': {
    who: ['citizen', 'reception', 'supervisor'],
    rule: 'a citizen: their own; staff: their annex’s; only while booked',
  },
  'PATCH /api/v1/citizens/{id}': { who: ['reception', 'agent', 'supervisor'], rule: 'a citizen of the caller’s annex' },
  'PATCH /api/v1/me': { who: ['citizen'], rule: 'the caller' },
  'PATCH /api/v1/staff/{id}': { who: ['admin'] },
  'POST /api/v1/auth/kiosk/start': { who: ['kiosk'] },
  'POST /api/v1/auth/kiosk/verify': { who: ['kiosk'] },
  'POST /api/v1/appointments': {
    who: ['citizen', 'reception', 'kiosk'],
    rule: 'a citizen for themselves; staff and kiosk name the citizen',
  },
  'POST /api/v1/appointments/{code}/check-in': {
    who: ['kiosk', 'reception'],
    rule: 'an appointment of the caller’s annex, within its grace window',
  },
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/login/second-factor': PUBLIC,
  'GET /api/v1/me/mfa': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'the caller' },
  'POST /api/v1/me/mfa/totp': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'the caller' },
  'POST /api/v1/me/mfa/totp/confirm': { who: ['reception', 'agent', 'supervisor', 'admin'], rule: 'the caller' },
  'DELETE /api/v1/staff/{id}/mfa': { who: ['admin'], rule: 'staff of the caller’s annex (a province-wide admin: any); recorded' },
  'POST /api/v1/auth/logout': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/signup': PUBLIC,
  'POST /api/v1/auth/signup/verify': PUBLIC,
  'POST /api/v1/certificates/{number}/reissue': { who: ['supervisor'] },
  'POST /api/v1/certificates/{number}/revoke': { who: ['supervisor'] },
  'POST /api/v1/citizens': { who: ['reception', 'agent', 'supervisor'] },
  'POST /api/v1/citizens/claim': PUBLIC,
  'POST /api/v1/citizens/claim/verify': PUBLIC,
  'POST /api/v1/counters/{counter}/call-next': {
    who: ['agent', 'supervisor'],
    rule: 'the counter the caller is signed in at; closes its current ticket as served',
  },
  'POST /api/v1/grievances': PUBLIC,
  'POST /api/v1/grievances/{id}/photos': PUBLIC,
  'POST /api/v1/grievances/{id}/responses': { who: ['reception', 'agent', 'supervisor', 'admin'] },
  'POST /api/v1/holidays': { who: ['admin'] },
  'POST /api/v1/interop/document-requests/{id}/answer': {
    who: ['partner'],
    scopes: ['dossiers:update'],
    rule: 'a document asked of the partner’s agency, in its annex',
  },
  'POST /api/v1/interop/dossiers/{trackingCode}/updates': {
    who: ['partner'],
    scopes: ['dossiers:update'],
    rule: 'a dossier forwarded to the partner’s agency, in its annex',
  },
  'POST /api/v1/ops/notifications/{id}/redrive': { who: ['admin'] },
  'POST /api/v1/appointments/guest': PUBLIC,
  'POST /api/v1/appointments/guest/confirm': PUBLIC,
  'POST /api/v1/appointments/link/{token}/cancel': {
    who: 'public',
    rule: 'the token of the reminder SMS’s link (only that booking, only while booked)',
  },
  'POST /api/v1/me/tickets': { who: ['citizen'], rule: 'the caller, during the annex’s opening hours, one per day' },
  'POST /api/v1/partners': { who: ['admin'] },
  'POST /api/v1/partners/{id}/keys': { who: ['admin'] },
  'POST /api/v1/procedures': { who: ['admin'] },
  'POST /api/v1/requests': {
    who: ['citizen', 'kiosk', 'reception', 'agent', 'partner'],
    scopes: ['requests:create'],
    rule: 'a citizen for themselves, a confirmed dependent or a mandator (active mandate for the procedure); staff, kiosk and partners for a citizen of their annex',
  },
  'POST /api/v1/requests/{id}/attachments': {
    who: ['citizen', 'reception', 'agent', 'supervisor', 'admin'],
    rule: 'owner; staff of its annex',
  },
  'POST /api/v1/requests/{id}/claim': { who: ['agent', 'supervisor'], rule: 'staff of its annex; nobody else holds it' },
  'POST /api/v1/requests/{id}/takeover': { who: ['supervisor'], rule: 'a supervisor of its annex; another agent holds it' },
  'POST /api/v1/requests/{id}/transitions': {
    who: ['citizen', 'reception', 'agent', 'supervisor'],
    rule: 'roles per the state machine; the owner for their own; at the desk only the assignee of a held request (in_review, needs_info, approved)',
  },
  'POST /api/v1/seasonal-hours': { who: ['admin'], rule: 'an annex admin: their annex' },
  'POST /api/v1/signage': { who: ['admin'] },
  'POST /api/v1/signage/media': { who: ['admin'] },
  'POST /api/v1/staff': { who: ['admin'] },
  'POST /api/v1/tickets': { who: ['reception', 'kiosk'] },
  'POST /api/v1/tickets/{id}/close': { who: ['agent', 'supervisor'], rule: 'the counter that called it, or a supervisor' },
  'POST /api/v1/tickets/{id}/no-show': { who: ['agent', 'supervisor'], rule: 'the counter that called it, or a supervisor' },
  'POST /api/v1/tickets/{id}/recall': { who: ['agent', 'supervisor'], rule: 'the counter that called it, or a supervisor' },
  'POST /api/v1/tickets/{id}/transfer': {
    who: ['agent', 'supervisor', 'reception'],
    rule: 'called: the counter that called it or a supervisor; waiting: reception or a supervisor',
  },
  'POST /api/v1/webhooks': { who: ['partner'], scopes: ['webhooks:manage'] },
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay': {
    who: ['partner'],
    scopes: ['webhooks:manage'],
    rule: 'its own subscription',
  },
  'POST /open311/v2/requests.json': PUBLIC,
  'POST /open311/v2/requests.xml': PUBLIC,
  'PUT /api/v1/procedures/{code}': { who: ['admin'] },
  'GET /api/v1/me/dependents': { who: ['citizen'], rule: 'the caller’s own' },
  'POST /api/v1/me/dependents': { who: ['citizen'], rule: 'the caller’s own minor child' },
  'POST /api/v1/me/dependents/{id}/account': { who: ['citizen'], rule: 'the guardian, once the dependent is confirmed and of age' },
  'GET /api/v1/me/mandates': { who: ['citizen'], rule: 'mandates the caller gave or holds' },
  'POST /api/v1/me/mandates': {
    who: ['citizen'],
    rule: 'the caller as mandator, to another adult (same answer whether an account exists)',
  },
  'POST /api/v1/me/mandates/{id}/confirm': { who: ['citizen'], rule: 'the mandator, with the one-time code' },
  'POST /api/v1/me/mandates/ask': {
    who: ['citizen'],
    rule: 'the caller as proxy, of another adult (same answer whether an account exists)',
  },
  'POST /api/v1/me/mandates/{id}/code': { who: ['citizen'], rule: 'the mandator of a pending mandate' },
  'POST /api/v1/me/mandates/{id}/refuse': { who: ['citizen'], rule: 'the mandator of a pending mandate' },
  'POST /api/v1/mandates/{id}/revoke': {
    who: ['citizen', 'reception', 'agent', 'supervisor'],
    rule: 'a citizen: either side; staff: the mandator’s annex',
  },
  'POST /api/v1/mandates': { who: ['reception', 'agent', 'supervisor'], rule: 'a mandator of the caller’s annex; recorded' },
  'GET /api/v1/citizens/{id}/dependents': { who: ['reception', 'agent', 'supervisor'], rule: 'a citizen of the caller’s annex; recorded' },
  'GET /api/v1/citizens/{id}/mandates': { who: ['reception', 'agent', 'supervisor'], rule: 'a citizen of the caller’s annex; recorded' },
  'POST /api/v1/dependents/{id}/confirm': {
    who: ['reception', 'agent', 'supervisor'],
    rule: 'a dependent of a citizen of the caller’s annex; recorded',
  },
  'PUT /api/v1/signage/{id}': { who: ['admin'] },
  'GET /api/v1/ops/retention': { who: ['admin'], rule: 'a dry run: what retention would delete or anonymise now' },
  'GET /api/v1/me/access-log': { who: ['citizen'], rule: 'the caller’s own record' },
  'GET /api/v1/me/export': { who: ['citizen'], rule: 'the caller’s own record' },
  'GET /api/v1/audit/access': { who: ['supervisor', 'admin'], rule: 'their annex (a province-wide admin: any)' },
  'GET /api/v1/audit/access/alerts': { who: ['supervisor', 'admin'], rule: 'their annex (a province-wide admin: any)' },
  'POST /api/v1/ops/jobs/{queue}/retry-failed': { who: ['admin'] },
  'POST /api/v1/ops/jobs/{queue}/{jobId}/retry': { who: ['admin'] },
  'GET /api/v1/certificates/pending': { who: ['supervisor', 'admin'], rule: 'their annex' },
  'POST /api/v1/grievances/{id}/publication': { who: ['supervisor', 'admin'], rule: 'a grievance of their annex' },
  'GET /api/v1/procedures/nearest': PUBLIC,
  'GET /api/v1/signage/{id}': PUBLIC,
  'GET /open311/discovery.json': PUBLIC,
  'GET /open311/discovery.xml': PUBLIC,
  'GET /api/v1/annexes': {
    who: ['reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'],
    rule: 'a province-wide admin: every annex; others: their own',
  },
  'POST /api/v1/annexes': { who: ['admin'], rule: 'a province-wide admin' },
  'GET /api/v1/annexes/{id}': {
    who: ['reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'],
    rule: 'a province-wide admin: any; others: their own',
  },
  'PATCH /api/v1/annexes/{id}': { who: ['admin'], rule: 'a province-wide admin, or an admin of that annex' },
  'POST /api/v1/annexes/{id}/neighbourhoods': { who: ['admin'], rule: 'a province-wide admin, or an admin of that annex' },
  'GET /api/v1/annexes/{id}/counters': { who: ['admin'], rule: 'a province-wide admin, or an admin of that annex' },
  'PUT /api/v1/annexes/{id}/counters': { who: ['admin'], rule: 'a province-wide admin, or an admin of that annex' },
  'GET /api/v1/annexes/{id}/checklist': { who: ['admin'], rule: 'a province-wide admin, or an admin of that annex' },
  'POST /api/v1/annexes/{id}/open': { who: ['admin'], rule: 'a province-wide admin' },
  'GET /metrics': { who: 'public', rule: 'an ops route: OPS_ROUTES decides (internal networks or the ops token in production)' },
};

/** The entry for a route as the router knows it (`/api/v1/requests/:id` or `{id}`). */
/**
 * What a session of a role that must use a second factor (admin, supervisor) reaches before one
 * is set up: its own profile and the setup. Everything else answers 403 second-factor-setup-required.
 */
export const SECOND_FACTOR_SETUP_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/me',
  'GET /api/v1/me/mfa',
  'POST /api/v1/me/mfa/totp',
  'POST /api/v1/me/mfa/totp/confirm',
]);

export function permissionFor(method: string, routePath: string): Permission | undefined {
  return PERMISSIONS[`${method.toUpperCase()} ${routePath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`];
}

/** Whether a principal of `role` (undefined: anonymous) with `scopes` passes the guard of `p`. */
export function passesGuard(p: Permission, role: Role | undefined, scopes: readonly string[] = []): boolean {
  if (p.who === 'public') return true;
  if (!role) return false;
  if (p.who !== 'signed-in' && !p.who.includes(role)) return false;
  return role !== 'partner' || (p.scopes ?? []).every((s) => scopes.includes(s));
}

/** One sentence for an operation's description and the README. */
export function describePermission(p: Permission): string {
  const who = p.who === 'public' ? 'anyone' : p.who === 'signed-in' ? 'any signed-in caller' : p.who.join(', ');
  const scopes = p.scopes?.length ? ` (partner keys with ${p.scopes.join(', ')})` : '';
  return `Who may call: ${who}${scopes}.${p.rule ? ` Object rule: ${p.rule}.` : ''}`;
}

type Operations = { paths: Record<string, Record<string, { description?: string } | unknown>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Writes each operation's "Who may call" from the table into the OpenAPI document (one place, not per controller). */
export function annotateOpenApi<T extends Operations>(doc: T): T {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as { description?: string } | undefined;
      const entry = op && PERMISSIONS[`${method.toUpperCase()} ${path}`];
      if (!op || !entry) continue;
      op.description = [op.description, describePermission(entry)].filter(Boolean).join('\n\n');
    }
  }
  return doc;
}

/** The README's security section: what each role and partner scope may call. */
export function permissionsMarkdown(): string {
  const rows = Object.entries(PERMISSIONS).map(([op, p]) => {
    const who = p.who === 'public' ? 'anyone' : p.who === 'signed-in' ? 'any signed-in caller' : p.who.join(', ');
    return `| \`${op}\` | ${who} | ${p.scopes?.join(', ') ?? ''} | ${p.rule ?? ''} |`;
  });
  return ['| operation | who | partner scopes | object rule |', '|---|---|---|---|', ...rows].join('\n');
}
