import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];
/** The request states, in lifecycle order (a generated enum: the API's own list). */
export { RequestState } from './schema';

/** RFC 9457 problem body returned by every failing call. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; reason: string; message: string }[];
  [extension: string]: unknown;
}

export interface ClientOptions {
  baseUrl?: string;
  /** Returns the current access token (or an `ApiKey …` credential) for each call. */
  credentials?: () => string | null | undefined;
  fetch?: typeof fetch;
}

/** A typed client: paths, parameters and bodies are checked against openapi.yaml at compile time. */
export function createApiClient(options: ClientOptions = {}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', fetch: options.fetch });
  if (options.credentials) {
    const auth: Middleware = {
      onRequest({ request }) {
        const c = options.credentials?.();
        if (c) request.headers.set('Authorization', c.startsWith('ApiKey ') ? c : `Bearer ${c}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
