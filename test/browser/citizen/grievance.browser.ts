import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { BASE_URL, DEMO_PASSWORD, launchBrowser, newPage, PHONE } from '../support';
import { assertAccessible, assertFits, choose, Lang, uniqueCitizen, words } from './helpers';

/** What the public sees of a grievance through Open311: its own answer (status) and whether the list names it. */
async function open311(code: string): Promise<{ status: number; body: any; listed: boolean }> {
  const one = await fetch(`${BASE_URL}/open311/v2/requests/${encodeURIComponent(code)}.json`);
  const list = await (await fetch(`${BASE_URL}/open311/v2/requests.json`)).text();
  return { status: one.status, body: await one.json(), listed: list.includes(code) };
}

/** Fills the filing form as a citizen does: kind, subject, message, (phone), and the publication choice. */
async function fill(page: Page, lang: Lang, f: { subject: string; description: string; phone?: string; consent: boolean }): Promise<void> {
  const w = words(lang);
  await choose(page, w('grievance.kind.grievance'));
  await page.getByLabel(w('grievance.subject')).fill(f.subject);
  await page.getByLabel(w('grievance.description')).fill(f.description);
  if (f.phone) await page.getByLabel(w('grievance.phone')).fill(f.phone);
  const box = page.getByRole('checkbox', { name: w('grievance.publicConsent') });
  assert.equal(await box.isChecked(), false, 'nothing is public unless the filer chooses it');
  if (f.consent) {
    await page.locator('label', { has: box }).click();
    assert.equal(await box.isChecked(), true);
  }
}

describe('citizen app: filing a grievance with the publication choice (law 09-08), in French and Arabic', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('anonymous, in French: the notice says what becomes public; with consent the message is in Open311, without name or phone', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await page.goto('/');
    await page.getByRole('link', { name: w('nav.grievance') }).click();
    await page.getByRole('heading', { name: w('grievance.title') }).waitFor();
    // The notice is on the form, before sending.
    const notice = page.getByTestId('consent-notice');
    for (const id of ['grievance.publicWhat', 'grievance.publicNever', 'grievance.publicStaff']) await notice.getByText(w(id)).waitFor();

    // Sending nothing: the error summary names each field, the phone among them.
    await page.getByRole('button', { name: w('grievance.send') }).click();
    const summary = page.getByRole('alert').filter({ hasText: w('error.summary') });
    await summary.waitFor();
    for (const f of ['grievance.kind', 'grievance.subject', 'grievance.description', 'grievance.phone'])
      assert.ok((await summary.innerText()).includes(w(f)), f);

    const who = uniqueCitizen();
    const description = `Le trottoir devant l’école est cassé depuis un mois (${Date.now()}).`;
    await fill(page, 'fr', { subject: 'Trottoir cassé', description, phone: who.phone, consent: true });
    await assertAccessible(page, 'grievance form');
    await page.getByRole('button', { name: w('grievance.send') }).click();
    await page.getByRole('heading', { name: w('grievance.filedTitle') }).waitFor();
    const code = (await page.getByTestId('grievance-number').innerText()).trim();
    assert.match(code, /^[A-Z0-9]+-\d{4}-G-\d{6}$/);
    const shown = await page.locator('main').innerText();
    assert.ok(shown.includes(who.e164), 'the answer comes by SMS to the phone given');
    assert.ok(shown.includes(w('grievance.isPublic')));
    await assertFits(page, 'grievance confirmation, 360 px');
    await assertAccessible(page, 'grievance confirmation');

    // What the public sees matches the choice: the message, never the phone.
    const pub = await open311(code);
    assert.equal(pub.status, 200);
    assert.equal(pub.body[0].description, description);
    assert.ok(pub.listed, 'in the public list');
    assert.ok(!JSON.stringify(pub.body).includes(who.e164.slice(4)), 'no phone in Open311');
    await page.context().close();
  });

  it('signed in, in Arabic (right to left): without consent the grievance is in no public answer, and the citizen finds it in their list', async () => {
    const page = await newPage(browser, PHONE, 'ar-MA');
    const w = words('ar');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.goto(`/login?next=${encodeURIComponent('/grievances/new')}`);
    await page.getByLabel(w('login.login')).fill('BK123456');
    await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: w('login.submit') }).click();
    await page.getByRole('heading', { name: w('grievance.title') }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    // Signed in: no phone asked (the answer comes to the account).
    assert.equal(await page.getByLabel(w('grievance.phone')).count(), 0);
    await page.getByTestId('consent-notice').getByText(w('grievance.publicWhat')).waitFor();

    const description = `انتظرت ساعة عند الشباك دون أن ينادى رقمي (${Date.now()})`;
    await fill(page, 'ar', { subject: 'الانتظار', description, consent: false });
    await assertAccessible(page, 'grievance form in Arabic');
    await page.getByRole('button', { name: w('grievance.send') }).click();
    await page.getByRole('heading', { name: w('grievance.filedTitle') }).waitFor();
    const code = (await page.getByTestId('grievance-number').innerText()).trim();
    assert.match(code, /^[A-Z0-9]+-\d{4}-G-\d{6}$/);
    assert.equal((await page.getByTestId('grievance-publication').innerText()).trim(), w('grievance.isPrivate'));
    await assertFits(page, 'grievance confirmation in Arabic, 360 px');

    const pub = await open311(code);
    assert.equal(pub.status, 404);
    assert.ok(!pub.listed, 'not in the public list');

    // How to follow it: the link to the citizen's own list, where it waits for an answer.
    await page
      .getByRole('link', { name: w('nav.grievances') })
      .first()
      .click();
    await page.getByRole('heading', { name: w('nav.grievances') }).waitFor();
    const item = page.getByTestId('grievances').locator('li').filter({ hasText: code });
    await item.waitFor();
    const text = await item.innerText();
    for (const s of [w('grievance.state.open'), w('grievance.notPublished')]) assert.ok(text.includes(s), `${s} in ${text}`);
    await assertAccessible(page, 'my grievances in Arabic');
    await page.context().close();
  });
});
