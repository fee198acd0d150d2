import type { Problem } from '@annex/api-client';

/** A failed call: its HTTP status and RFC 9457 body (status 0 when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> = {},
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch answer: its data, or a thrown ApiError carrying the problem body. */
export function must<T>(r: Answer<T>): T {
  if (r.response.ok) return r.data as T;
  throw new ApiError(r.response.status, (r.error ?? {}) as Partial<Problem>);
}

/** `must` over the call's promise, for react-query: a network failure becomes ApiError(0). */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let r: Answer<T>;
  try {
    r = await call;
  } catch {
    throw new ApiError(0);
  }
  return must(r);
}

/** The slug at the end of a problem type URI (`.../version-conflict` → `version-conflict`). */
export function problemCode(e: unknown): string | null {
  if (!(e instanceof ApiError) || !e.problem.type) return null;
  return e.problem.type.split('/').pop() ?? null;
}

/**
 * One key per submission attempt, reused when the same attempt is retried. A UUID v4 from
 * `getRandomValues`: `crypto.randomUUID` exists only in secure contexts, and a kiosk or a desk
 * reached over plain HTTP on the annex's network is not one.
 */
export function newIdempotencyKey(prefix?: string): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return prefix ? `${prefix}-${uuid}` : uuid;
}
