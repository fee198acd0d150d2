import { createApiClient, type Problem } from '@annex/api-client';
import { getSession, setSession } from './session';

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token once, however many calls found their token expired at once. */
export function refresh(): Promise<boolean> {
  const s = getSession();
  if (!s) return Promise.resolve(false);
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: s.refreshToken }),
  })
    .then(async (r) => {
      if (!r.ok) {
        setSession(null);
        return false;
      }
      const pair = (await r.json()) as { accessToken: string; refreshToken: string };
      setSession({ ...s, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** fetch with the bearer token; on a 401 it refreshes the pair and retries once. */
export async function authFetch(input: Request | string, init?: RequestInit): Promise<Response> {
  const request = typeof input === 'string' ? new Request(input, init) : input;
  const retry = request.clone();
  const token = getSession()?.accessToken;
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  const res = await fetch(request);
  if (res.status !== 401 || !getSession() || request.url.includes('/auth/')) return res;
  if (!(await refresh())) return res;
  retry.headers.set('Authorization', `Bearer ${getSession()!.accessToken}`);
  return fetch(retry);
}

/** The API, same origin; every call typed from openapi.yaml. */
export const api = createApiClient({ baseUrl: '', fetch: (r) => authFetch(r as Request) });

/** Thrown by `must` so react-query sees failed calls as errors carrying the problem body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
  }
}

/** Unwraps an openapi-fetch answer: its data, or an ApiError. */
export function must<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data !== undefined && r.response.ok) return r.data;
  throw new ApiError(r.response.status, r.error as Problem | undefined);
}

/** The slug at the end of a problem type URI (`.../version-conflict` → `version-conflict`). */
export function problemCode(e: unknown): string | null {
  if (!(e instanceof ApiError) || !e.problem?.type) return null;
  return e.problem.type.split('/').pop() ?? null;
}

/** Fetches a binary resource with the token and hands back a blob URL (attachments, certificate, CSV). */
export async function blobUrl(path: string): Promise<{ url: string; type: string }> {
  const res = await authFetch(path);
  if (!res.ok) throw new ApiError(res.status, undefined);
  const blob = await res.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
}
