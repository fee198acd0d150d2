import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { FieldError, InvalidInput } from '../errors/domain-error';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

/** Deepest nesting of arrays/objects a JSON body may have; no DTO of the API goes past 6. */
export const MAX_JSON_DEPTH = 32;

/**
 * C0 controls and DEL. PostgreSQL refuses NUL in text (a 500 before this rule) and none of the
 * others means anything in a name, a CIN, a search or a path.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** In a path or a query, even tab and line breaks are refused. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;

const MAX_REPORTED = 5;

function scan(value: unknown, path: string, pattern: RegExp, out: FieldError[], depth = 0): void {
  if (out.length >= MAX_REPORTED || depth > MAX_JSON_DEPTH + 1) return;
  if (typeof value === 'string') {
    if (pattern.test(value)) {
      out.push({ field: path || '(body)', reason: 'controlCharacter', message: `${path || 'body'} contains a control character` });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const field = path ? `${path}.${key}` : key;
    if (CONTROL_IN_LINE.test(key)) {
      out.push({ field: path || '(body)', reason: 'controlCharacter', message: 'a field name contains a control character' });
    } else {
      scan(v, field, pattern, out, depth + 1);
    }
  }
}

/** Field errors for every control character in a request's params, query and JSON body. */
export function controlCharacterErrors(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldError[] {
  const out: FieldError[] = [];
  scan(req.params, '', CONTROL_IN_LINE, out);
  scan(req.query, '', CONTROL_IN_LINE, out);
  // Multipart bodies are read later by their handler; only parsed JSON is here.
  if (req.body !== undefined && !(req.body instanceof Readable) && !Buffer.isBuffer(req.body)) scan(req.body, '', CONTROL_IN_TEXT, out);
  return out;
}

class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A JSON parser that measures nesting while the bytes arrive: a body nested deeper than
 * MAX_JSON_DEPTH is refused at the first byte past the limit (linear time, without waiting for
 * the rest of it), before JSON.parse or the validation pipe's recursion (which overflowed the
 * stack and held the event loop for seconds on 200,000 `[`).
 */
function jsonParser(bodyLimit: number) {
  return (req: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: unknown) => void) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      done(new BodyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let depth = 0;
    let inString = false;
    let escaped = false;
    let finished = false;
    const finish = (err: Error | null, body?: unknown) => {
      if (finished) return;
      finished = true;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      if (err) payload.resume(); // drain what the client still sends; the answer goes now
      done(err, body);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) return finish(new BodyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) {
          if (++depth > MAX_JSON_DEPTH) {
            return finish(
              new InvalidInput([{ field: '(body)', reason: 'maxDepth', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }]),
            );
          }
        } else if (c === 0x5d || c === 0x7d) depth--;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '')
        return finish(
          new BodyError(400, 'FST_ERR_CTP_EMPTY_JSON_BODY', "Body cannot be empty when content-type is set to 'application/json'"),
        );
      try {
        finish(null, JSON.parse(text, noProtoKeys));
      } catch (e) {
        finish(e instanceof BodyError ? e : new BodyError(400, 'FST_ERR_CTP_INVALID_JSON', 'Body is not valid JSON'));
      }
    };
    const onError = (err: Error) => finish(err);
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };
}

/** Prototype poisoning (`__proto__`, `constructor.prototype`) is refused as Fastify's own parser did. */
function noProtoKeys(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)) {
    throw new BodyError(400, 'FST_ERR_CTP_INVALID_JSON', 'Body contains a forbidden property name');
  }
  return value;
}

/**
 * The one boundary rule for hostile input: JSON bodies parsed with a depth limit, and no control
 * characters in params, query or body (400 naming the field) before any pipe, guard or query runs.
 */
export function installInputGuards(fastify: FastifyInstance, options: { bodyLimit: number }): void {
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser('application/json', jsonParser(options.bodyLimit));
  fastify.addHook('preValidation', (req, _reply, done) => {
    const errors = controlCharacterErrors(req);
    done(errors.length ? new InvalidInput(errors) : undefined);
  });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL over the size
 * limit, a malformed request line, a timeout): the same problem+json body as everything else,
 * written on the raw socket as Fastify's default handler does.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request timeout', 'The request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request header fields too large', 'The request line or headers exceed the size limit']
        : [400, 'Bad request', 'The request could not be parsed'];
  const body = JSON.stringify(problem(status, title.toLowerCase().replace(/[^a-z]+/g, '-'), title, { detail }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
