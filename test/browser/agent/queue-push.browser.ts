import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { signIn } from './helpers';

/** Issue 31: the agent's queue is pushed, not polled. */
describe('agent app: the queue updates itself', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('shows a request filed by someone else without a reload and without asking /requests again', async () => {
    const page = await newPage(browser, DESKTOP);
    const lists: string[] = [];
    const streams: string[] = [];
    page.on('request', (r) => {
      // Only this page's (the sign-in page before it may still be opening its own stream).
      if (!r.frame().url().includes('procedure=LIFE')) return;
      const path = new URL(r.url()).pathname;
      if (r.method() === 'GET' && path === '/api/v1/requests') lists.push(r.url());
      if (path === '/api/v1/requests/stream') streams.push(r.url());
    });
    await signIn(page, 'agent1', 1);
    // A procedure no other browser test files, so the new row falls within the first page.
    await page.goto('/agent/?procedure=LIFE');
    await page.getByRole('heading', { name: 'File de travail' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /demande/ })
      .waitFor();
    // The stream is open (its ticket never in the URL as an access token).
    for (let i = 0; i < 100 && !streams.length; i++) await page.waitForTimeout(100);
    assert.equal(streams.length, 1, 'one stream opened');
    assert.doesNotMatch(streams[0], /access_token/);
    // Loaded: the first list, and the conditional one the stream's "ready" asks for.
    for (let seen = -1, i = 0; i < 10 && seen !== lists.length; i++) {
      seen = lists.length;
      await page.waitForTimeout(1_500);
    }
    const afterLoad = lists.length;
    const streamsAfterLoad = streams.length;
    assert.ok(afterLoad >= 1 && afterLoad <= 2, `the initial list call(s): ${afterLoad}`);

    // Someone else (the citizen, on the web) files a request.
    const citizen = await login('BK123456');
    const filed = await api<{ id: string; trackingCode: string }>('/requests', {
      token: citizen,
      headers: { 'idempotency-key': `queue-push-${Date.now()}` },
      body: { procedureCode: 'LIFE', form: { recipientBody: 'cnss' } },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const row = page.locator(`tr[data-id="${filed.body.id}"]`);
    // Sooner than the old 10 s poll would have shown it, and with no poll at all.
    await row.waitFor({ timeout: 8_000 });
    assert.match(await row.innerText(), new RegExp(filed.body.trackingCode));

    // A colleague claims it: the row says so in place.
    const claimed = await api(`/requests/${filed.body.id}/claim`, { method: 'POST', token: await login('agent2', undefined, 2) });
    assert.equal(claimed.status, 200);
    await row.getByText('Un collègue').waitFor({ timeout: 8_000 });
    // 12 s after load: the old page would have polled at least once.
    await page.waitForTimeout(12_000);
    assert.equal(lists.length, afterLoad, `no /requests call after load: ${lists.slice(afterLoad).join(', ')}`);
    assert.equal(streams.length, streamsAfterLoad, 'the stream stayed open');
    assert.ok((await page.locator('table.queue tbody tr').count()) <= 25, 'a screenful of rows');
    await page.close();
  });
});
