import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, eventually, launchBrowser, login, newPage, PHONE, screenshot, seriousA11yViolations } from '../support';

/** A residence certificate made through the API: filed by the demo citizen, approved by an agent. */
async function issuedCertificate(): Promise<{ trackingCode: string; number: string }> {
  const citizen = await login('BK123456');
  const agent = await login('agent1');
  const submitted = await api<{ id: string; trackingCode: string }>('/requests', {
    token: citizen,
    headers: { 'idempotency-key': `browser-${Date.now()}` },
    body: { procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } },
  });
  assert.equal(submitted.status, 201);
  const id = submitted.body.id;
  assert.equal((await api(`/requests/${id}/claim`, { method: 'POST', token: agent })).status, 200);
  const current = await api<{ version: number }>(`/requests/${id}`, { token: agent });
  assert.equal(
    (await api(`/requests/${id}/transitions`, { token: agent, body: { to: 'approved', version: current.body.version } })).status,
    200,
  );
  const ready = await eventually(async () => {
    const r = await api<{ state: string; certificateNumber: string }>(`/requests/${id}`, { token: citizen });
    return r.body.state === 'ready_for_pickup' && r.body;
  }, 60_000);
  return { trackingCode: submitted.body.trackingCode, number: ready.certificateNumber };
}

describe('citizen app: tracking and certificate verification', () => {
  let browser: Browser;
  let issued: { trackingCode: string; number: string };
  before(async () => {
    browser = await launchBrowser();
    issued = await issuedCertificate();
  });
  after(async () => browser?.close());

  it('tracks a request by code and CIN, with an error summary first when fields are empty', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto('/track');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Il y a un problème').waitFor();
    assert.equal(await summary.getByRole('link').count(), 2);
    await page.getByLabel('Numéro de suivi').fill(issued.trackingCode);
    await page.getByLabel('Numéro de CIN').fill('bk123456');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Prête à retirer').waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'citizen-track-fr');
    // A wrong CIN tells nothing about the request.
    await page.getByLabel('Numéro de CIN').fill('ZZ999999');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucune demande ne correspond').waitFor();
    await page.context().close();
  });

  it('verifies a certificate from its QR link, in Arabic right to left, and flags a forged signature', async () => {
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.goto(`/verify/${issued.number}`);
    await page.getByText('شهادة صالحة').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    assert.match(await page.locator('main').innerText(), /BK\*+56/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'citizen-verify-ar');
    await page.goto(`/verify/${issued.number}?s=${'A'.repeat(86)}`);
    await page.getByText('تنبيه: توقيع رمز QR غير مطابق.').waitFor();
    await page.goto('/verify/BRK5-2026-C-999999');
    await page.getByText('شهادة غير معروفة').waitFor();
    await page.context().close();
  });

  it('fits a 1366 px desktop too', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Guide des démarches' }).waitFor();
    await page.context().close();
  });
});
