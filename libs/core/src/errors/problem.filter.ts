import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { Problem, PROBLEM_CONTENT_TYPE, problem } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

const MALFORMED_MULTIPART =
  /^(Multipart: |Unexpected end of (form|file)|Malformed part header|Malformed urlencoded form|Unexpected end of multipart data)/;
/** Seconds a client is told to wait when a backing service is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash
// recovery), 53300 (too many connections): the database, not the request, is at fault.
const PG_UNAVAILABLE = /^(08...|57P0[1-4]|53300)$/;
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery)|Connection refused/i;
const REDIS_MESSAGES =
  /MaxRetriesPerRequestError|Reached the max retries per request limit|Connection is closed|Redis did not answer|Stream isn't writeable/i;

/** `database` or `redis` when the error says that service is unreachable, else null. */
export function unavailableService(exception: unknown): 'database' | 'redis' | null {
  const e = exception as { name?: string; code?: string; message?: string; driverError?: { code?: string; message?: string } } | null;
  if (!e || typeof e !== 'object') return null;
  const driver = e.driverError ?? e;
  if (typeof driver.code === 'string' && PG_UNAVAILABLE.test(driver.code)) return 'database';
  const message = `${e.name ?? ''} ${e.message ?? ''} ${driver.message ?? ''}`;
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'redis';
  if (PG_MESSAGES.test(message)) return 'database';
  // A bare socket error: pg's pool reports ECONNREFUSED as is (ioredis' surface as the above).
  if (NETWORK_CODES.has(driver.code ?? '')) return 'database';
  return null;
}

const slug = (status: number) => (TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');

/** Turns anything thrown into an RFC 9457 body. Stack traces stay in the server log. */
export function toProblem(exception: unknown): Problem {
  if (exception instanceof DomainError) {
    return problem(exception.status, exception.code, exception.title, {
      detail: exception.detail,
      errors: exception.errors,
      ...exception.extensions,
    });
  }
  if (exception instanceof ThrottlerException) {
    return problem(429, 'rate-limited', TITLES[429], { detail: 'Too many requests; retry later' });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    let detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (Array.isArray(detail)) detail = detail.join('; ');
    if (status === 404 && typeof detail === 'string' && detail.startsWith('Cannot ')) {
      detail = `No route ${detail.slice('Cannot '.length)}`;
    }
    // Keep structured members a library put in the body (e.g. terminus' health `details`).
    const extensions =
      typeof body === 'object' && body !== null
        ? Object.fromEntries(Object.entries(body).filter(([k]) => !['message', 'error', 'statusCode', 'status'].includes(k)))
        : {};
    return problem(status, slug(status), TITLES[status] ?? exception.name, {
      ...extensions,
      detail: typeof detail === 'string' ? detail : undefined,
    });
  }
  // Fastify's own errors (bad JSON, body too large, bad content type) carry a statusCode.
  const e = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return problem(e.statusCode, slug(e.statusCode), TITLES[e.statusCode] ?? 'Bad request', { detail: e.message });
  }
  // busboy (under @fastify/multipart) throws plain errors for a body that is not the multipart
  // it claims to be (no boundary, cut short, bad part headers): the client's fault, one place.
  if (exception instanceof Error && MALFORMED_MULTIPART.test(exception.message)) {
    return problem(400, 'bad-request', TITLES[400], {
      detail: 'The multipart/form-data body is malformed',
      errors: [{ field: 'file', reason: 'malformed', message: 'the multipart body could not be read' }],
    });
  }
  const down = unavailableService(exception);
  if (down) {
    return problem(503, 'service-unavailable', TITLES[503], {
      detail: `The ${down === 'database' ? 'database' : 'queue store (Redis)'} is unreachable; retry in a few seconds`,
      unavailable: down,
    });
  }
  if (exception instanceof QueryFailedError) {
    const driver = (exception as unknown as { driverError?: { code?: string; detail?: string } }).driverError;
    // Invalid text representation (e.g. a malformed uuid that slipped through): the client's fault.
    if (driver?.code === '22P02') return problem(400, 'bad-request', TITLES[400], { detail: 'Malformed identifier' });
    // A well-formed id that names nothing (a reference a service did not check first): the
    // client's fault, named by its field; the key's value is not echoed.
    if (driver?.code === '23503') {
      const column = /^Key \(([a-z_]+)\)=/.exec(driver.detail ?? '')?.[1];
      if (/is still referenced/.test(driver.detail ?? ''))
        return problem(409, 'conflict', TITLES[409], { detail: 'Other records still refer to this one' });
      const field = column ? column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : 'id';
      return problem(400, 'validation', 'Invalid request', {
        detail: `${field}: no such record`,
        errors: [{ field, reason: 'unknown', message: `${field} does not name an existing record` }],
      });
    }
  }
  return problem(500, 'internal', 'Internal error', { detail: 'An unexpected error occurred' });
}

/**
 * A path family with its own standard error format (Open311's `[{code, description}]`): the
 * filter computes the status and message as for any problem, and the renderer writes the body.
 */
export interface ErrorRenderer {
  prefix: string;
  render(url: string, problem: Problem, exception: unknown): { status: number; contentType: string; payload: string };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly renderers: ErrorRenderer[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<{ id?: string; url?: string }>();
    const reply = ctx.getResponse<{
      status(code: number): unknown;
      header(k: string, v: string): unknown;
      send(body: unknown): unknown;
      sent?: boolean;
      raw?: { headersSent?: boolean };
    }>();
    const body = toProblem(exception);
    if (body.status === 503) {
      // Expected during an outage (and readiness probes say it every few seconds): one short
      // line, no stack.
      this.logger.warn({ requestId: req?.id, unavailable: body.unavailable ?? null }, 'service unavailable');
    } else if (body.status >= 500) {
      // The error object may quote SQL parameters; log only its class and stack, never the request body.
      const err = exception as Error;
      this.logger.error({ err: { name: err?.name, message: err?.message, stack: err?.stack }, requestId: req?.id }, 'unhandled error');
    }
    if (reply.sent || reply.raw?.headersSent) return;
    body.requestId = req?.id;
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.TOO_MANY_REQUESTS) {
      reply.header('retry-after', '60');
    } else if (body.status === 429 && typeof body.retryAfter === 'number') {
      reply.header('retry-after', String(body.retryAfter));
    }
    if (body.status === 503) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    const path = req?.url?.split('?')[0] ?? '';
    const renderer = this.renderers.find((r) => path.startsWith(r.prefix));
    if (renderer) {
      const out = renderer.render(path, body, exception);
      reply.status(out.status);
      reply.header('content-type', out.contentType);
      reply.send(out.payload);
      return;
    }
    reply.status(body.status);
    reply.header('content-type', PROBLEM_CONTENT_TYPE);
    reply.send(body);
  }
}
