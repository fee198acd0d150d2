import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC, isLowPriorityHandler, ROLES_KEY, SCOPES_KEY } from '@app/core';

/**
 * Documents every error an operation can answer, centrally, from what decides it: the global
 * guards (401 without a credential, 403 for roles and scopes, 429 from the rate limiter; 500 anywhere), the
 * parameters and body (400, 404 for a path id, 413/415 for a body), plus the statuses a few
 * operations have of their own (SPECIAL, by operationId). Each error body is the RFC 9457
 * problem+json schema (Open311 paths: the GeoReport v2 error array instead).
 */
type Status = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 414 | 415 | 416 | 422 | 423 | 429 | 500 | 503;

const WHY: Record<Status, string> = {
  400: 'Invalid input: the problem names each field (`errors[]`)',
  401: 'Missing, invalid or expired credentials',
  403: 'The caller may not do this (role, scope, annex or ownership)',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state (stale version, already done, taken)',
  410: 'Gone: expired',
  413: 'Body or file too large',
  414: 'A path parameter is too long (answered before routing)',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  422: 'Unprocessable: the same Idempotency-Key was used with a different body',
  423: 'Locked: too many failed attempts, retry later',
  429: 'Too many requests; retry after `Retry-After` seconds',
  500: 'Unexpected error (logged with the request id; nothing was changed)',
  503: 'A dependency (PostgreSQL, Redis) is unavailable',
};

/** Statuses some operations answer beyond what their guards, parameters and body imply. */
const SPECIAL: Record<string, Status[]> = {
  Auth_login: [401, 423],
  Auth_loginSecondFactor: [401],
  SecondFactor_begin: [409],
  SecondFactor_confirm: [409],
  Requests_takeover: [409],
  // OPS_ROUTES=internal|token: hidden (404) from callers outside the ops networks without the token.
  Prometheus_scrape: [404],
  Auth_refresh: [401],
  Auth_logout: [401],
  Registration_signup: [409],
  Registration_verify: [409, 410],
  Registration_kioskVerify: [410],
  Citizens_create: [409],
  Citizens_update: [409],
  Citizens_claim: [409],
  Citizens_claimVerify: [409, 410],
  Staff_create: [409],
  Staff_update: [409],
  Profile_update: [409],
  Procedures_create: [409],
  Procedures_update: [409],
  Requests_submit: [409, 422],
  Requests_claim: [409],
  Requests_transition: [409],
  Attachments_upload: [409],
  Holidays_add: [409],
  Annexes_create: [409],
  Annexes_open: [409],
  Notifications_redrive: [409],
  OpsJobs_retry: [409],
  Certificates_revoke: [409],
  Certificates_reissue: [409],
  Tickets_callNext: [409],
  Tickets_recall: [409],
  Tickets_noShow: [409],
  Tickets_transfer: [409],
  Tickets_close: [409],
  SignageMedia_file: [416],
  SignageMedia_remove: [409],
  Partners_rotate: [409],
  Partners_revoke: [409],
  Webhooks_replay: [409],
  DossierUpdates_post: [409],
  DocumentRequests_answer: [409],
  Health_ready: [503],
  MyFamily_addDependent: [409],
  MyFamily_dependentAccount: [409],
  MyFamily_confirm: [409, 410],
  MyFamily_code: [409],
  MyFamily_refuse: [409],
  Family_confirmDependent: [409],
  Family_revoke: [409],
  // The mandator is not a citizen of the annex, or no adult account holds the proxy's CIN.
  Family_paper: [404],
  Screen_stream: [401, 403],
  QueueStream_stream: [401],
  Grievances_addPhoto: [403, 409],
  Open311_create: [403, 404],
  Open311_list: [404],
  Open311_services: [404],
  Appointments_book: [409, 422],
  Appointments_reschedule: [409],
  Appointments_cancel: [409],
  Appointments_checkIn: [409],
  Appointments_takeTicket: [409],
  Appointments_guestConfirm: [409, 410],
  Appointments_byLink: [404],
  Appointments_cancelByLink: [404, 409],
};

/** Operations that serve byte ranges: 206 with the same content as their 200. */
const RANGES = ['SignageMedia_file'];

/** Operations answering 304 to a matching If-None-Match (ETag'd snapshots). */
const CONDITIONAL = ['Procedures_list'];

/** Every SPECIAL key must name an operation (checked when the document is built). */
export const SPECIAL_OPERATIONS = Object.keys(SPECIAL);

interface HandlerInfo {
  isPublic: boolean;
  guarded: boolean;
  /** @LowPriority(): shed with 503 under load. */
  lowPriority: boolean;
}

/** The metadata key `@ApiOperation()` writes (DECORATORS.API_OPERATION of @nestjs/swagger, not exported at its top level). */
const API_OPERATION = 'swagger/apiOperation';

/** operationId (`<Controller>_<method>`, as the operationIdFactory builds it, or the one named) → its auth metadata. */
function handlers(app: INestApplication): Map<string, HandlerInfo> {
  const out = new Map<string, HandlerInfo>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      for (const method of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const meta = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type);
        // An operation may name its id (`@ApiOperation({ operationId })`: routes merged into one
        // controller per URL prefix kept the ids they had); the others get the factory's.
        const named = (Reflect.getMetadata(API_OPERATION, handler) as { operationId?: string } | undefined)?.operationId;
        out.set(named ?? `${type.name.replace(/Controller$/, '')}_${method}`, {
          isPublic: meta(IS_PUBLIC) === true,
          guarded: !!(meta(ROLES_KEY) as unknown[] | undefined)?.length || !!(meta(SCOPES_KEY) as unknown[] | undefined)?.length,
          lowPriority: isLowPriorityHandler(handler),
        });
      }
    }
  }
  return out;
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://annexe.ma/problems/validation' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
  },
  additionalProperties: true,
};

const FIELD_ERROR_SCHEMA = {
  type: 'object',
  required: ['field', 'reason', 'message'],
  properties: {
    field: { type: 'string', description: 'Dotted path of the field, e.g. `form.birthDate`' },
    reason: { type: 'string', description: 'Machine-readable reason, e.g. `required`, `format`' },
    message: { type: 'string' },
  },
  additionalProperties: true,
};

const OPEN311_ERRORS_SCHEMA = {
  type: 'array',
  description: 'GeoReport v2 errors',
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
};

function errorResponse(status: Status, open311: boolean) {
  return open311
    ? {
        description: WHY[status],
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } },
          'text/xml': { schema: { type: 'string' } },
        },
      }
    : { description: WHY[status], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

export function addErrorResponses(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  const info = handlers(app);
  doc.components ??= {};
  doc.components.schemas = {
    ...doc.components.schemas,
    Problem: PROBLEM_SCHEMA,
    FieldError: FIELD_ERROR_SCHEMA,
    Open311Errors: OPEN311_ERRORS_SCHEMA,
  };
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [
      string,
      {
        operationId?: string;
        security?: unknown[];
        parameters?: { in: string; name?: string; description?: string }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      },
    ][]) {
      if (!op?.responses || !op.operationId) continue;
      const id = op.operationId.replace(/\[\d+\]$/, '');
      seen.add(id);
      const h = info.get(id) ?? { isPublic: true, guarded: false, lowPriority: false };
      // @Headers('x') is scanned as a required header beside its @ApiHeader('X'): header names are
      // case-insensitive, so one is kept, the documented one (clients got two, one required).
      if (op.parameters) {
        const documented = (p: { in: string; name?: string; description?: string }) => p.in === 'header' && !!p.description;
        op.parameters = op.parameters.filter((p: { in: string; name?: string; description?: string }, i, all) => {
          if (p.in !== 'header') return true;
          const twins = all.filter(
            (q: { in: string; name?: string }) => q.in === 'header' && q.name?.toLowerCase() === p.name?.toLowerCase(),
          );
          return twins.length === 1 || (documented(p) ? twins.find(documented) === p : !twins.some(documented) && twins[0] === p);
        });
      }
      const params = op.parameters ?? [];
      const statuses = new Set<Status>([429, 500, ...(SPECIAL[id] ?? [])]);
      // The input boundary refuses a control character or a malformed escape in any query or path,
      // whatever the operation declares, and Fastify any body of a type it does not parse.
      statuses.add(400);
      if (['post', 'put', 'patch', 'delete'].includes(method)) statuses.add(413).add(415);
      // Fastify refuses an over-long path parameter (414) before any route (bootstrap.ts frameworkErrors).
      if (params.some((p) => p.in === 'path')) statuses.add(404).add(414);
      if (op.requestBody) statuses.add(413).add(415);
      if (!h.isPublic) statuses.add(401).add(403);
      if (h.guarded) statuses.add(403);
      if (h.lowPriority) statuses.add(503);
      const open311 = path.startsWith('/open311/');
      // Public operations say so (an empty requirement list), rather than leaving it unsaid.
      if (h.isPublic && !(op as { security?: unknown[] }).security?.length) (op as { security?: unknown[] }).security = [];
      if (CONDITIONAL.includes(id)) op.responses['304'] = { description: 'Not modified: the If-None-Match ETag is current (no body)' };
      if (RANGES.includes(id) && op.responses['200'])
        op.responses['206'] = { ...(op.responses['200'] as object), description: 'Partial content (the Range asked for)' };
      for (const status of [...statuses].sort()) {
        const existing = op.responses[String(status)] as { description?: string } | undefined;
        op.responses[String(status)] = {
          ...errorResponse(status, open311),
          ...(existing?.description ? { description: existing.description } : {}),
        };
      }
      if (h.lowPriority)
        (op.responses['503'] as { description: string }).description =
          'Overloaded: this low-priority route is shed first; retry after `Retry-After` seconds';
    }
  }
  const stale = [...SPECIAL_OPERATIONS, ...RANGES, ...CONDITIONAL].filter((k) => !seen.has(k));
  if (stale.length) throw new Error(`openapi-errors.ts names operations that do not exist: ${stale.join(', ')}`);
  return doc;
}
