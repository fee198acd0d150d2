import { ApiError, createSession } from '@annex/web-kit';

// The kit's pieces the pages import from here.
export { ApiError, must, problemCode } from '@annex/web-kit';

/**
 * The desk's session: both tokens in sessionStorage (they survive a reload in this tab, never
 * another tab or the next person at a shared desk), refreshed by the kit on a 401.
 */
export const session = createSession({ storage: () => sessionStorage, key: 'agent.session', storeAccessToken: true });

/** The API, same origin; every call typed from openapi.yaml. */
export const api = session.api;
/** Exchanges the refresh token once, however many calls found their token expired at once. */
export const refresh = session.refresh;

/** Fetches a binary resource with the token and hands back a blob URL (attachments, certificate, CSV). */
export async function blobUrl(path: string): Promise<{ url: string; type: string }> {
  const res = await session.authFetch(path);
  if (!res.ok) throw new ApiError(res.status);
  const blob = await res.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
}
