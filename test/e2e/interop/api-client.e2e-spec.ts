import { createApiClient } from '../../../libs/api-client/src';
import { DossierStatus, WebhookEvent } from '../../../libs/api-client/src/schema';
import { createTestApp, TestApp } from '../../support/app';
import { forwardedDossier, newPartner } from './helpers';

/** A third party's view: only openapi.yaml, turned into a typed client by openapi-typescript + openapi-fetch. */
describe('Generated client drives a partner flow', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t?.close());

  it('subscribes a webhook and posts a dossier update with an API key', async () => {
    const p = await newPartner(t, ['webhooks:manage', 'dossiers:update']);
    const d = await forwardedDossier(t);
    const client = createApiClient({ baseUrl, credentials: () => `ApiKey ${p.apiKey}` });

    const hook = await client.POST('/api/v1/webhooks', {
      body: { url: 'https://police.example.ma/annex-hooks', events: [WebhookEvent.request_state_changed] },
    });
    expect(hook.response.status).toBe(201);
    expect(hook.data?.secret).toMatch(/^whsec_/);

    const listed = await client.GET('/api/v1/webhooks/{id}', { params: { path: { id: hook.data!.id } } });
    expect(listed.data?.events).toEqual(['request.state_changed']);

    const update = await client.POST('/api/v1/interop/dossiers/{trackingCode}/updates', {
      params: { path: { trackingCode: d.trackingCode } },
      body: {
        updateId: 'client-1',
        status: DossierStatus.ready_at_agency,
        occurredAt: new Date().toISOString(),
        agencyReference: 'PP-OUJ-1',
      },
    });
    expect(update.response.status).toBe(200);
    expect(update.data).toMatchObject({ outcome: 'applied', requestState: 'ready_for_pickup', duplicate: false });

    const refused = await client.POST('/api/v1/interop/dossiers/{trackingCode}/updates', {
      params: { path: { trackingCode: d.trackingCode } },
      body: { updateId: 'client-2', status: DossierStatus.refused, occurredAt: new Date().toISOString() },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ field: 'reason' })]) });

    const deliveries = await client.GET('/api/v1/webhooks/{id}/deliveries', {
      params: { path: { id: hook.data!.id }, query: { limit: 5 } },
    });
    expect(deliveries.response.status).toBe(200);
    expect(Array.isArray(deliveries.data?.items)).toBe(true);
  });
});
