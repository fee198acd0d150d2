import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Browser, Page, Request } from 'playwright-core';
import { api, launchBrowser, login, newPage, PHONE, readSms, screenshot } from '../support';
import { answerSignup, approveAsAgent, assertAccessible, assertFits, choose, Lang, otpFor, PNG, uniqueCitizen, words } from './helpers';

const PASSWORD = 'Un-mot-de-passe-2026';

/** Sign-up, one topic per page, then the SMS code; lands on "my requests". */
async function signUp(page: Page, lang: Lang, who: ReturnType<typeof uniqueCitizen>): Promise<void> {
  const w = words(lang);
  await page.goto('/signup');
  await page.getByRole('heading', { name: w('signup.identity.title') }).waitFor();
  await assertAccessible(page, 'sign-up, first page');
  // Nothing filled: the summary lists the three questions, and each link leads to its field.
  await page.getByRole('button', { name: w('continue') }).click();
  const summary = page.locator('.error-summary');
  await summary.getByRole('heading', { name: w('error.summary') }).waitFor();
  assert.equal(await summary.getByRole('link').count(), 3);
  await summary.getByRole('link').first().click();
  await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'cin', undefined, { timeout: 5000 });
  await assertAccessible(page, 'sign-up with errors');

  await answerSignup(page, lang, who);
  await page.getByRole('heading', { name: w('check.title') }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(who.cin));
  await assertAccessible(page, 'sign-up, check your answers');
  await assertFits(page, 'sign-up, check your answers');

  const sent = readSms().length;
  await page.getByRole('button', { name: w('signup.send') }).click();
  await page.getByRole('heading', { name: w('signup.codeTitle') }).waitFor();
  const code = await otpFor(who.e164, sent);
  await page.getByLabel(w('signup.code'), { exact: true }).fill(code);
  await page.getByLabel(w('signup.password'), { exact: true }).fill(PASSWORD);
  await assertAccessible(page, 'sign-up, code');
  await page.getByRole('button', { name: w('signup.create') }).click();
  await page.getByRole('heading', { name: w('requests.title') }).waitFor();
}

/** The residence certificate form, generated from the procedure's fields; a proof of address attached. */
async function fileResidenceRequest(
  page: Page,
  lang: Lang,
  shot?: string,
  cutFirstAttempt = false,
): Promise<{ id: string; trackingCode: string; idempotencyKey: string }> {
  const w = words(lang);
  const procedure = (
    await api<{
      fields: { key: string; label: Record<Lang, string>; options?: { value: string; label: Record<Lang, string> }[] }[];
      documents: { code: string; name: Record<Lang, string> }[];
    }>('/procedures/RESIDENCE')
  ).body;
  const label = (key: string) => procedure.fields.find((f) => f.key === key)!.label[lang];
  await page.goto('/procedures/RESIDENCE');
  await page.getByRole('link', { name: w('procedure.start') }).click();
  await page.getByRole('button', { name: w('continue') }).waitFor();
  if (shot) await screenshot(page, shot);
  // The API's rules, said first on the page: an error summary linking to each required field.
  await page.getByRole('button', { name: w('continue') }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.equal(await summary.getByRole('link').count(), 3);
  await assertAccessible(page, 'request form with errors');

  const purpose = procedure.fields.find((f) => f.key === 'purpose')!.options!.find((o) => o.value === 'bank')!.label[lang];
  await choose(page, purpose);
  await page.getByLabel(label('addressLine')).fill('12 rue Al Qods, Berkane');
  await page.getByLabel(label('residenceSince')).fill('2015-09-01');
  const proof = procedure.documents.find((d) => d.code === 'PROOF_OF_ADDRESS')!.name[lang];
  await page.getByLabel(proof).setInputFiles({ name: 'facture-eau.png', mimeType: 'image/png', buffer: PNG });
  await assertAccessible(page, 'request form filled');
  await assertFits(page, 'request form filled');
  await page.getByRole('button', { name: w('continue') }).click();
  await page.getByRole('heading', { name: w('check.title') }).waitFor();
  assert.match(await page.locator('main').innerText(), /facture-eau\.png/);
  await assertAccessible(page, 'request check your answers');
  await assertFits(page, 'request check your answers');

  const isSubmission = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/requests';
  let firstKey: string | undefined;
  if (cutFirstAttempt) {
    // The network drops the first attempt: the citizen is told, and sending again reuses the same key.
    await page.route(
      (url) => url.pathname === '/api/v1/requests',
      (route) => (isSubmission(route.request()) ? route.abort('internetdisconnected') : route.continue()),
      { times: 1 },
    );
    const cut = page.waitForRequest(isSubmission);
    await page.getByRole('button', { name: w('request.submit') }).click();
    firstKey = (await cut).headers()['idempotency-key'];
    await page.locator('.error-summary').getByText(w('error.network')).waitFor();
  }
  const posted = page.waitForRequest(isSubmission);
  await page.getByRole('button', { name: w('request.submit') }).click();
  const idempotencyKey = (await posted).headers()['idempotency-key'];
  assert.match(idempotencyKey ?? '', /^web-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  if (cutFirstAttempt) assert.equal(idempotencyKey, firstKey, 'a retry reuses the key of its attempt');
  await page.getByRole('heading', { name: w('done.title') }).waitFor();
  const trackingCode = (await page.locator('.tracking-code').innerText()).trim();
  assert.match(trackingCode, /^BRK5-\d{4}-\d{6}$/);
  await assertAccessible(page, 'confirmation');
  await assertFits(page, 'confirmation');
  await page.getByRole('link', { name: w('done.follow') }).click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  return { id: page.url().split('/').at(-1)!, trackingCode, idempotencyKey };
}

/** Waits for the worker's certificate, then downloads it from the request's page. */
async function downloadCertificate(page: Page, lang: Lang): Promise<Buffer> {
  const w = words(lang);
  await page.getByText(w('state.ready_for_pickup')).first().waitFor({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: w('requests.download') }).click();
  const file = await (await download).path();
  return readFileSync(file);
}

describe('citizen app: from sign-up to the certificate', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('signs up by SMS code, files a residence certificate with a document, follows it and downloads the PDF (French)', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    const who = uniqueCitizen();
    await signUp(page, 'fr', who);
    const filed = await fileResidenceRequest(page, 'fr', 'citizen-form-fr', true);

    // The document went with the request, as a PNG recognised from its content.
    const citizen = await login(who.cin, PASSWORD);
    const docs = await api<{ items: { documentCode: string; contentType: string }[] }>(`/requests/${filed.id}/attachments`, {
      token: citizen,
    });
    assert.deepEqual(
      docs.body.items.map((d) => [d.documentCode, d.contentType]),
      [['PROOF_OF_ADDRESS', 'image/png']],
    );

    await page.getByText(w('state.submitted')).first().waitFor();
    await approveAsAgent(filed.id);
    const pdf = await downloadCertificate(page, 'fr');
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');

    // The timeline and the alerts' delivery status are on the page.
    const timeline = page.getByRole('list', { name: w('timeline.title') });
    await timeline.getByText(w('timeline.document')).waitFor();
    await timeline.getByText(w('state.approved')).waitFor();
    const alerts = page.getByRole('list', { name: w('alerts.title') });
    await alerts.getByText(w('notification.request.received')).waitFor();
    await alerts.locator('[data-status]').first().waitFor();
    assert.ok((await alerts.locator('[data-status="sent"], [data-status="delivered"]').count()) > 0, 'an alert was sent');
    await assertAccessible(page, 'request page');
    await assertFits(page, 'request page');
    await page.context().close();
  });

  it('does it all in Arabic, right to left, with Western digits', async () => {
    const page = await newPage(browser, PHONE, 'ar-MA');
    const w = words('ar');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: w('guide.title') }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    // Remembered: a reload keeps Arabic.
    await page.reload();
    await page.getByRole('heading', { name: w('guide.title') }).waitFor();
    await screenshot(page, 'citizen-guide-ar');
    await assertAccessible(page, 'guide in Arabic');

    const who = uniqueCitizen();
    await signUp(page, 'ar', who);
    const filed = await fileResidenceRequest(page, 'ar');
    await approveAsAgent(filed.id);
    const pdf = await downloadCertificate(page, 'ar');
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, /[٠-٩]/, 'Western digits, as Moroccans write them');
    assert.match(text, /\d{4}/);

    await page.getByRole('link', { name: w('requests.back') }).click();
    await page.getByRole('heading', { name: w('requests.title') }).waitFor();
    await page.getByText(filed.trackingCode).waitFor();
    await screenshot(page, 'citizen-my-requests-ar');
    await assertAccessible(page, 'my requests in Arabic');
    await assertFits(page, 'my requests in Arabic');
    await page.context().close();
  });
});
