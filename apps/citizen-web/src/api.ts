import { useSyncExternalStore } from 'react';
import { createApiClient, type Problem, type Schemas } from '@annex/api-client';

/**
 * A signed-in session. The access token lives in memory only; the refresh token is kept in
 * localStorage so a reload (or coming back tomorrow) does not sign out. Every call that answers
 * 401 is retried once after a refresh (one refresh at a time: tokens rotate, and spending one
 * twice would revoke the whole family). The citizen's web session and the kiosk device's are two.
 */
export function createSession(storageKey: string) {
  let accessToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());

  const start = (pair: Schemas['TokenPairDto']) => {
    accessToken = pair.accessToken;
    localStorage.setItem(storageKey, pair.refreshToken);
    changed();
  };
  const end = () => {
    accessToken = null;
    localStorage.removeItem(storageKey);
    changed();
  };

  async function refresh(): Promise<boolean> {
    const refreshToken = localStorage.getItem(storageKey);
    if (!refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (res?.ok) {
      start((await res.json()) as Schemas['TokenPairDto']);
      return true;
    }
    // A network cut keeps the session; a refused token ends it.
    if (res) end();
    return false;
  }

  async function fetchWithRefresh(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const retry = request.clone();
    const res = await fetch(request);
    if (res.status !== 401 || new URL(request.url).pathname.startsWith('/api/v1/auth/') || !localStorage.getItem(storageKey)) return res;
    refreshing ??= refresh().finally(() => (refreshing = null));
    if (!(await refreshing)) return res;
    retry.headers.set('Authorization', `Bearer ${accessToken}`);
    return fetch(retry);
  }

  const client = createApiClient({ baseUrl: '', credentials: () => accessToken, fetch: fetchWithRefresh });
  return {
    api: client,
    start,
    useSignedIn: () =>
      useSyncExternalStore(
        (l) => (listeners.add(l), () => listeners.delete(l)),
        () => accessToken !== null || localStorage.getItem(storageKey) !== null,
      ),
    async signOut(): Promise<void> {
      const refreshToken = localStorage.getItem(storageKey);
      end();
      if (refreshToken) await client.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    },
  };
}

const citizen = createSession('annex.refreshToken');
/** The API, same origin; every call typed from openapi.yaml, as the signed-in citizen (if any). */
export const api = citizen.api;
export const startSession = citizen.start;
export const useSignedIn = citizen.useSignedIn;
export const signOut = citizen.signOut;

/** A failed call: its HTTP status and RFC 9457 body (status 0 when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> = {},
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }
}

/**
 * A sign-in's token pair. Only staff accounts with a second factor get a challenge (202) instead,
 * and they sign in at the agent app: here a challenge is a refusal.
 */
export function tokenPair<T extends object>(answer: T): Extract<T, { accessToken: string }> {
  if (!('accessToken' in answer)) throw new ApiError(403, { title: 'Sign in at the agent app' });
  return answer as Extract<T, { accessToken: string }>;
}

/** Unwraps an openapi-fetch answer for react-query: data, or a thrown ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await call;
  } catch {
    throw new ApiError(0);
  }
  if (r.response.ok) return r.data as T;
  throw new ApiError(r.response.status, (r.error ?? {}) as Partial<Problem>);
}

/** Saves a blob under a file name (the certificate PDF). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** One key per submission attempt, reused when the same attempt is retried (getRandomValues: also outside HTTPS). */
export const newIdempotencyKey = (prefix = 'web') =>
  `${prefix}-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
