import { ApiError, createSession as createKitSession, newIdempotencyKey as kitKey } from '@annex/web-kit';

// The kit's pieces every page here uses, under the names the pages import from this file.
export { ApiError, unwrap } from '@annex/web-kit';

/**
 * A session kept on this device: the refresh token in localStorage (a reload, or coming back
 * tomorrow, does not sign out), the access token in memory only. The citizen's web session and
 * the kiosk device's are two.
 */
export const localSession = (storageKey: string) =>
  createKitSession({ storage: () => localStorage, key: storageKey, storeAccessToken: false });

/** One key per submission attempt, reused when the same attempt is retried: `web-<uuid>` (the kiosk passes `kiosk`), so the API's records say where it came from. */
export const webIdempotencyKey = (prefix = 'web') => kitKey(prefix);

const citizen = localSession('annex.refreshToken');
/** The API, same origin; every call typed from openapi.yaml, as the signed-in citizen (if any). */
export const api = citizen.api;
export const startSession = citizen.start;
export const useSignedIn = citizen.useSignedIn;
export const signOut = citizen.signOut;

/**
 * A sign-in's token pair. Only staff accounts with a second factor get a challenge (202) instead,
 * and they sign in at the agent app: here a challenge is a refusal.
 */
export function tokenPair<T extends object>(answer: T): Extract<T, { accessToken: string }> {
  if (!('accessToken' in answer)) throw new ApiError(403, { title: 'Sign in at the agent app' });
  return answer as Extract<T, { accessToken: string }>;
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
