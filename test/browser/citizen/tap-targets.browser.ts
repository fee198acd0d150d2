import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, BASE_URL, DEMO_PASSWORD, eventually, launchBrowser, login, PHONE } from '../support';
import { approveAsAgent, catalogue, Lang, words } from './helpers';

/** WCAG 2.5.5 (AAA) and the issue: every control a finger aims at is at least 44×44 CSS px. */
const MIN = 44;

/**
 * Every visible link, button, input, select and textarea of the page with its box. A control
 * hidden for styling (a radio or checkbox inside its label) is measured by its label: that is
 * what the finger taps.
 */
async function tooSmall(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const d = (globalThis as any).document;
    const w = globalThis as any;
    const out: string[] = [];
    for (const e of d.querySelectorAll('a[href], button, input, select, textarea, [role="button"], [role="link"], [tabindex="0"]')) {
      const style = w.getComputedStyle(e);
      if (style.visibility === 'hidden' || style.display === 'none' || e.closest('[aria-hidden="true"], .skip')) continue;
      let target = e;
      let r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && e.closest('label')) {
        target = e.closest('label');
        r = target.getBoundingClientRect();
      }
      if (r.width === 0 && r.height === 0) continue; // not rendered (e.g. a closed panel)
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || e.id || e.tagName).trim().slice(0, 40);
        out.push(`${e.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, MIN);
}

async function signedInPage(browser: Browser, lang: Lang): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: lang === 'ar' ? 'ar-MA' : 'fr-MA',
    hasTouch: true,
    isMobile: true,
    baseURL: BASE_URL,
  });
  const page = await context.newPage();
  const w = words(lang);
  await page.goto(`/login?lang=${lang}`);
  await page.getByLabel(w('login.login')).fill('BK123456');
  await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: w('login.submit') }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

describe('tap targets at 360 px, and user data isolated in translated text', () => {
  let browser: Browser;
  let requestId: string;
  let trackingCode: string;
  let certificate: string;
  before(async () => {
    browser = await launchBrowser();
    const token = await login('BK123456');
    const r = await api<{ id: string; trackingCode: string }>('/requests', {
      token,
      headers: { 'idempotency-key': `tap-targets-${Date.now()}` },
      body: { procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } },
    });
    assert.equal(r.status, 201);
    requestId = r.body.id;
    trackingCode = r.body.trackingCode;
    await approveAsAgent(requestId);
    certificate = await eventually(async () => {
      const now = await api<{ state: string; certificateNumber: string | null }>(`/requests/${requestId}`, { token });
      return now.body.state === 'ready_for_pickup' && now.body.certificateNumber;
    }, 60_000);
  });
  after(async () => browser?.close());

  for (const lang of ['fr', 'ar'] as const) {
    it(`every link, button and field of the citizen pages is at least ${MIN}×${MIN} px (${lang})`, async () => {
      const page = await signedInPage(browser, lang);
      const w = words(lang);
      const pages: [string, () => Promise<unknown>][] = [
        ['/', () => page.locator('.procedure, [href^="/procedures/"]').first().waitFor()],
        ['/?q=qzxw', () => page.locator('.nothing-found').waitFor()],
        ['/procedures/RESIDENCE', () => page.locator('h1').waitFor()],
        ['/procedures/RESIDENCE/request', () => page.locator('form input, form select').first().waitFor()],
        ['/track', () => page.getByLabel(w('track.cin')).waitFor()],
        [`/t/${trackingCode}`, () => page.getByLabel(w('track.cin')).waitFor()],
        ['/requests', () => page.locator(`a[href="/requests/${requestId}"]`).first().waitFor()],
        [`/requests/${requestId}`, () => page.locator('h1').waitFor()],
        ['/profile', () => page.getByRole('heading', { name: w('profile.title') }).waitFor()],
        ['/profile/access-log', () => page.locator('h1').waitFor()],
        ['/verify/BRK5-2026-C-999999', () => page.locator('h1').waitFor()],
      ];
      const found: string[] = [];
      for (const [path, ready] of pages) {
        await page.goto(path);
        await ready();
        await page.waitForLoadState('networkidle');
        found.push(...(await tooSmall(page)).map((s) => `${path}: ${s}`));
      }
      await page.context().close();
      // Signed out: sign-in and sign-up.
      const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, baseURL: BASE_URL });
      const out = await context.newPage();
      for (const path of [`/login?lang=${lang}`, '/signup']) {
        await out.goto(path);
        await out.locator('h1').waitFor();
        found.push(...(await tooSmall(out)).map((s) => `${path}: ${s}`));
      }
      await context.close();
      assert.deepEqual(found, []);
    });
  }

  it(`every key and button of the kiosk is at least ${MIN}×${MIN} px, at 360 px too`, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-MA', hasTouch: true, baseURL: BASE_URL });
    const page = await context.newPage();
    const w = words('fr');
    await page.goto('/kiosk');
    const setup = page.getByRole('heading', { name: w('kiosk.setupTitle') });
    const start = page.getByRole('heading', { name: w('kiosk.welcome') });
    await setup.or(start).waitFor();
    const found: string[] = [];
    if (await setup.isVisible()) {
      found.push(...(await tooSmall(page)).map((s) => `kiosk setup: ${s}`));
      await page.getByLabel(w('kiosk.deviceLogin')).fill('kiosk');
      await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: w('kiosk.setup') }).click();
    }
    await start.waitFor();
    found.push(...(await tooSmall(page)).map((s) => `kiosk start: ${s}`));
    await page.getByRole('button', { name: w('track.title') }).tap();
    await page.getByRole('textbox', { name: w('track.code') }).tap();
    found.push(...(await tooSmall(page)).map((s) => `kiosk tracking: ${s}`));
    await page.getByRole('button', { name: w('kiosk.home') }).tap();
    await start.waitFor();
    await page.getByRole('button', { name: w('kiosk.certificate') }).tap();
    await page.locator('main button, .kiosk button').first().waitFor();
    found.push(...(await tooSmall(page)).map((s) => `kiosk certificate: ${s}`));
    assert.deepEqual(found, []);
    await context.close();
  });

  it('keeps a certificate number in order inside an Arabic sentence (<bdi dir="ltr">)', async () => {
    const page = await signedInPage(browser, 'ar');
    await page.goto(`/requests/${requestId}`);
    const sentence = catalogue('ar')['requests.certificateReady'].split('{number}')[0].trim();
    const p = page.locator('p', { hasText: sentence });
    await p.waitFor();
    const bdi = p.locator('bdi');
    assert.equal(await bdi.innerText(), certificate);
    assert.equal(await bdi.getAttribute('dir'), 'ltr');
    // As the eye reads it: the number's first character left of its last one, in a right-to-left paragraph.
    const [first, last] = await bdi.evaluate((e: any) => {
      const range = (globalThis as any).document.createRange();
      const node = e.firstChild;
      const x = (i: number) => {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return range.getBoundingClientRect().left;
      };
      return [x(0), x(node.length - 1)];
    });
    assert.ok(first < last, `"${certificate}" reads left to right (${first} < ${last})`);
    assert.equal(await p.evaluate((e: any) => (globalThis as any).getComputedStyle(e).direction), 'rtl');
    await page.context().close();
  });
});
