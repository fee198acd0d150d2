import { createHash } from 'node:crypto';

/**
 * A response serialised once and sent many times (the guide, read at every kiosk and phone):
 * no JSON.stringify per request — under load it was a fifth of the API's CPU — and a strong ETag
 * so a client that has it gets a 304 with no body.
 */
export interface JsonSnapshot<T> {
  value: T;
  body: Buffer;
  etag: string;
}

export function jsonSnapshot<T>(value: T): JsonSnapshot<T> {
  const body = Buffer.from(JSON.stringify(value));
  return { value, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

interface ReplyHeaders {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

/** Writes the snapshot's headers; returns the bytes to send, or undefined for a 304. */
export function sendSnapshot(
  snapshot: JsonSnapshot<unknown>,
  ifNoneMatch: string | undefined,
  reply: ReplyHeaders,
  cacheControl: string,
): Buffer | undefined {
  reply.header('etag', snapshot.etag);
  reply.header('cache-control', cacheControl);
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === snapshot.etag || t.trim() === `W/${snapshot.etag}`)) {
    reply.status(304);
    return undefined;
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  return snapshot.body;
}
