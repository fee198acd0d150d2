import { useSyncExternalStore } from 'react';
import { createApiClient, type Schemas } from '@annex/api-client';

type Pair = Schemas['TokenPairDto'];

export interface SessionOptions {
  /** Where the session survives a reload: the citizen's phone keeps it (localStorage), a shared desk only per tab (sessionStorage). */
  storage: () => Storage;
  key: string;
  /**
   * Whether the access token is stored beside the refresh token (a reload then needs no refresh)
   * or kept in memory only.
   */
  storeAccessToken: boolean;
}

/**
 * A signed-in session and the typed API client that uses it. Every call that answers 401 is
 * retried once after a refresh, one refresh at a time: tokens rotate, and spending one twice
 * would revoke the whole family. A network cut keeps the session; a refused token ends it.
 */
export function createSession({ storage, key, storeAccessToken }: SessionOptions) {
  let accessToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  const read = (): { refreshToken: string; accessToken?: string } | null => {
    try {
      const raw = storage().getItem(key);
      if (!raw) return null;
      // The agent app kept a JSON pair, the citizen app the bare refresh token: both are read.
      return raw.startsWith('{') ? (JSON.parse(raw) as { refreshToken: string; accessToken?: string }) : { refreshToken: raw };
    } catch {
      return null;
    }
  };
  accessToken = read()?.accessToken ?? null;
  const refreshToken = () => read()?.refreshToken ?? null;
  // useSyncExternalStore needs a stable snapshot: a counter bumped at each change.
  let version = 0;
  const changed = () => {
    version++;
    listeners.forEach((l) => l());
  };

  const start = (pair: Pair) => {
    accessToken = pair.accessToken;
    storage().setItem(
      key,
      storeAccessToken ? JSON.stringify({ accessToken: pair.accessToken, refreshToken: pair.refreshToken }) : pair.refreshToken,
    );
    changed();
  };
  const end = () => {
    accessToken = null;
    storage().removeItem(key);
    changed();
  };

  async function refresh(): Promise<boolean> {
    const token = refreshToken();
    if (!token) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: token }),
    }).catch(() => null);
    if (res?.ok) {
      start((await res.json()) as Pair);
      return true;
    }
    if (res) end();
    return false;
  }

  async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const retry = request.clone();
    if (accessToken && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${accessToken}`);
    const res = await fetch(request);
    if (res.status !== 401 || new URL(request.url, location.origin).pathname.startsWith('/api/v1/auth/') || !refreshToken()) return res;
    refreshing ??= refresh().finally(() => (refreshing = null));
    if (!(await refreshing)) return res;
    retry.headers.set('Authorization', `Bearer ${accessToken}`);
    return fetch(retry);
  }

  const api = createApiClient({ baseUrl: '', fetch: (r) => authFetch(r as Request) });
  const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l));
  return {
    /** The API, same origin; every call typed from openapi.yaml, as this session (if any). */
    api,
    /** fetch with the bearer token and the same refresh (binary downloads). */
    authFetch,
    start,
    refresh,
    /** True while a session is held (an access token, or a refresh token to get one). */
    isSignedIn: () => accessToken !== null || refreshToken() !== null,
    useSignedIn: () => useSyncExternalStore(subscribe, () => accessToken !== null || refreshToken() !== null),
    /** Changes whenever the session does (sign-in, refresh, sign-out): a query key part. */
    useVersion: () => useSyncExternalStore(subscribe, () => version),
    async signOut(): Promise<void> {
      const token = refreshToken();
      end();
      if (token) await api.POST('/api/v1/auth/logout', { body: { refreshToken: token } }).catch(() => undefined);
    },
  };
}

export type Session = ReturnType<typeof createSession>;
