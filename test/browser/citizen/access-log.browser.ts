import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, DEMO_PASSWORD, launchBrowser, login, newPage, PHONE } from '../support';
import { assertAccessible, assertFits, Lang, words } from './helpers';

/** Signs the demo citizen in through the sign-in page, which then opens `next`. */
async function signIn(page: Page, lang: Lang, next: string): Promise<void> {
  const w = words(lang);
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(w('login.login')).fill('BK123456');
  await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: w('login.submit') }).click();
}

describe('citizen app: who read my record (law 09-08), in French and Arabic', () => {
  let browser: Browser;
  let citizenId: string;
  before(async () => {
    browser = await launchBrowser();
    citizenId = (await api<{ id: string }>('/me', { token: await login('BK123456') })).body.id;
  });
  after(async () => browser?.close());

  /** An agent at counter 4 opens the demo citizen's record with a reason of its own. */
  async function readByAgent(reason: string): Promise<void> {
    const agent = await login('agent1', DEMO_PASSWORD, 4);
    const res = await api(`/citizens/${citizenId}?reason=${encodeURIComponent(reason)}`, { token: agent });
    assert.equal(res.status, 200);
  }

  it('shows the latest read with role, annex, counter and reason, no staff name, and downloads the data (French)', async () => {
    const reason = `vérification ${Date.now()}`;
    await readByAgent(reason);
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await signIn(page, 'fr', '/profile');
    await page.getByRole('heading', { name: w('profile.title') }).waitFor();
    await page.getByRole('link', { name: w('nav.accessLog') }).click();
    await page.getByRole('heading', { name: w('access.title') }).waitFor();
    const first = page.getByTestId('access-log').locator('li').first();
    await first.getByText(reason).waitFor();
    const row = await first.innerText();
    for (const s of [w('access.what.citizen'), w('access.role.agent'), 'guichet 4', 'Annexe']) assert.ok(row.includes(s), `${s} in ${row}`);
    assert.ok(!row.includes('agent1'), 'no staff username');
    await assertFits(page, 'access log, 360 px');
    await assertAccessible(page, 'access log');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: w('access.exportHtml') }).click();
    const html = readFileSync((await (await download).path())!, 'utf8');
    assert.match(html, /<html lang="fr" dir="ltr">/);
    assert.ok(html.includes('BK123456'));
    assert.ok(html.includes(reason), 'the read is in the export too');
    await page.context().close();
  });

  it('shows the same page right to left in Arabic', async () => {
    const reason = `تحقق ${Date.now()}`;
    await readByAgent(reason);
    const page = await newPage(browser, PHONE, 'ar-MA');
    const w = words('ar');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await signIn(page, 'ar', '/profile/access-log');
    await page.getByRole('heading', { name: 'من اطلع على ملفي' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    const first = page.getByTestId('access-log').locator('li').first();
    await first.getByText(reason).waitFor();
    const row = await first.innerText();
    for (const s of [w('access.what.citizen'), w('access.role.agent'), 'الشباك 4']) assert.ok(row.includes(s), `${s} in ${row}`);
    // Labels stand on the right of their values in Arabic.
    const [label, value] = await Promise.all([first.locator('dt').first().boundingBox(), first.locator('dd').first().boundingBox()]);
    assert.ok(label && value && label.x > value.x, 'label on the right');
    await assertFits(page, 'access log in Arabic, 360 px');
    await assertAccessible(page, 'access log in Arabic');
    await page.context().close();
  });
});
