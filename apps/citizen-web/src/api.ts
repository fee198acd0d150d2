import { createApiClient } from '@annex/api-client';

/** The API, same origin; every call typed from openapi.yaml. */
export const api = createApiClient({ baseUrl: '' });
