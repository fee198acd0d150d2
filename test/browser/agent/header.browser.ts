import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newPage } from '../support';
import { noSeriousViolations, signIn } from './helpers';

/** Each box of the header's links and buttons, and the page's horizontal overflow. */
async function headerLayout(page: Page) {
  return page.evaluate(() => {
    const d = (globalThis as any).document;
    const header = d.querySelector('header');
    const box = (e: any) => {
      const r = e.getBoundingClientRect();
      return {
        text: (e.textContent ?? '').trim(),
        lines: e.getClientRects().length,
        left: r.left,
        right: r.right,
        top: r.top,
        bottom: r.bottom,
        width: r.width,
        height: r.height,
      };
    };
    return {
      header: box(header),
      items: [...header.querySelectorAll('a, button')].map(box),
      brand: box(header.querySelector('.brand')),
      overflow: d.documentElement.scrollWidth - d.documentElement.clientWidth,
    };
  });
}

describe('agent app: the header at 1366 px', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  for (const [user, counter] of [
    ['agent1', 1],
    ['reception', undefined],
    ['supervisor', 2],
    ['admin', undefined],
  ] as const) {
    it(`fits on one line for ${user}, in French and in Arabic, every action visible`, async () => {
      const page = await newPage(browser, DESKTOP);
      await signIn(page, user, counter);
      for (const lang of ['fr', 'ar']) {
        if (lang === 'ar') await page.getByRole('button', { name: 'العربية' }).click();
        await page.locator(`html[lang="${lang}"]`).waitFor();
        const l = await headerLayout(page);
        process.stdout.write(`# ${user} ${lang}: header ${Math.round(l.header.height)} px high, ${l.items.length} actions\n`);
        assert.equal(l.overflow, 0, `${user} ${lang}: the page scrolls sideways`);
        // One row: every link and button on the brand's line, inside the window, none over another.
        for (const i of l.items) {
          assert.ok(i.width > 0 && i.height > 0, `${user} ${lang}: "${i.text}" hidden`);
          assert.equal(i.lines, 1, `${user} ${lang}: "${i.text}" broken over ${i.lines} lines`);
          assert.ok(i.left >= 0 && i.right <= DESKTOP.width, `${user} ${lang}: "${i.text}" outside the window`);
          assert.ok(i.top < l.brand.bottom && i.bottom > l.brand.top, `${user} ${lang}: "${i.text}" wrapped to another line`);
        }
        const sorted = [...l.items].sort((a, b) => a.left - b.left);
        for (let k = 1; k < sorted.length; k++)
          assert.ok(sorted[k].left >= sorted[k - 1].right - 0.5, `${user} ${lang}: "${sorted[k].text}" overlaps "${sorted[k - 1].text}"`);
        assert.ok(l.header.height <= 80, `${user} ${lang}: header ${l.header.height} px high`);
      }
      await noSeriousViolations(page, `header (${user}, ar)`);
      await page.getByRole('button', { name: 'Français' }).click();
      await page.context().close();
    });
  }
});
