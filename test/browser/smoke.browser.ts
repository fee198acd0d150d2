import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { DESKTOP, launchBrowser, newPage, seriousA11yViolations } from './support';

describe('both SPAs are served by the API', () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(async () => browser?.close());

  for (const [path, marker] of [
    ['/', 'Annexe'],
    ['/agent/', 'Agents'],
  ]) {
    it(`renders ${path} with no serious accessibility violation`, async () => {
      const page = await newPage(browser, DESKTOP);
      await page.goto(path);
      await page.waitForSelector('h1');
      assert.match(await page.title(), new RegExp(marker));
      assert.deepEqual(await seriousA11yViolations(page), []);
      await page.context().close();
    });
  }
});
