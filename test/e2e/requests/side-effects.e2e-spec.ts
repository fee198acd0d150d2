import { INestApplicationContext } from '@nestjs/common';
import { RequestLifecycle, TRANSITION_EFFECTS } from '@app/requests';
import { createTestApp, TestApp } from '../../support/app';
import { startWorker } from '../../support/worker';

describe('transition side effects', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('the API and the worker register the same set, every one listed in TRANSITION_EFFECTS', () => {
    const api = t.app.get(RequestLifecycle).effects();
    // The worker also changes states (a certificate ready, law 55-19's tacit acceptance): same effects.
    expect(worker.get(RequestLifecycle).effects()).toEqual(api);
    expect(api).toEqual(Object.keys(TRANSITION_EFFECTS).sort());
  });
});
