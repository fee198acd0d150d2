import { createApiClient } from '@annex/api-client';

/**
 * The display device's session: paired once with its account, it keeps only the refresh token
 * (rotated at each use) and holds the short-lived access token in memory.
 */
const REFRESH_KEY = 'annex.screen.refresh';

let access: string | null = null;
export const screenApi = createApiClient({ baseUrl: '', credentials: () => access });

export function accessToken(): string | null {
  return access;
}

export function isPaired(): boolean {
  return !!localStorage.getItem(REFRESH_KEY);
}

function keep(tokens: { accessToken: string; refreshToken: string; expiresIn: number }): number {
  access = tokens.accessToken;
  localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  return tokens.expiresIn;
}

/** Signs the screen in with its display account; returns the access token's lifetime in seconds. */
export async function pair(login: string, password: string): Promise<number> {
  const { data, response } = await screenApi.POST('/api/v1/auth/login', { body: { login, password } });
  // A display account has no second factor: a challenge (202) would be a misconfigured account.
  if (!data || !('accessToken' in data)) throw new Error(`login: ${response.status}`);
  return keep(data);
}

/** A fresh access token from the stored refresh token; forgets the pairing when it was revoked. */
export async function refresh(): Promise<number> {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  if (!refreshToken) throw new Error('not paired');
  const { data, response } = await screenApi.POST('/api/v1/auth/refresh', { body: { refreshToken } });
  if (!data) {
    if (response.status === 401) localStorage.removeItem(REFRESH_KEY);
    throw new Error(`refresh: ${response.status}`);
  }
  return keep(data);
}
