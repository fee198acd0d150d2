import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { ANNEX_ZGH, setAnnexZgh } from '../screen/prompts';
import { noSeriousViolations, signIn } from './helpers';

const NAME_ZGH = 'ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵙⵏⴰⵜⵓ';

/** What draws an element: its computed font stack, and the font faces the page has loaded. */
async function fontsOf(page: Page, selector: string): Promise<{ family: string; loaded: string[] }> {
  return page.evaluate(async (sel) => {
    const doc = (globalThis as unknown as { document: any }).document;
    await doc.fonts.ready;
    const el = doc.querySelector(sel);
    const family: string = (globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }).getComputedStyle(
      el,
    ).fontFamily;
    const loaded = [...doc.fonts]
      .filter((f: { status: string }) => f.status === 'loaded')
      .map((f: { family: string }) => f.family.replace(/"/g, ''));
    return { family, loaded };
  }, selector);
}

describe('agent app: Tamazight names in Tifinagh', () => {
  let browser: Browser;
  let admin: string;
  let definition: Record<string, unknown> & { name: Record<string, string> };
  const woff2: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    admin = await login('admin');
    const { code: _c, version: _v, versionId: _i, updatedAt: _u, ...rest } = (await api('/procedures/CELIBACY')).body;
    definition = rest;
    assert.equal(definition.name.zgh, undefined, 'the demo guide has no Tamazight name for CELIBACY yet');
    await setAnnexZgh(admin, ANNEX_ZGH);
  });
  after(async () => {
    // Back to the guide as it was (a new version without the Tamazight name), and the annex without one.
    await api('/procedures/CELIBACY', { method: 'PUT', token: admin, body: definition });
    await setAnnexZgh(admin, null);
    await browser?.close();
  });

  it("keeps a procedure's Tamazight name entered in the guide editor and draws it with the Tifinagh web font", async () => {
    const page = await newPage(browser, DESKTOP);
    page.on('request', (r) => r.url().endsWith('.woff2') && woff2.push(new URL(r.url()).pathname));
    await signIn(page, 'admin');
    await page.goto('/agent/admin/guide/CELIBACY');
    const field = page.getByLabel('Nom (tamazight (tifinagh))');
    await field.waitFor();
    assert.equal(await field.inputValue(), '');
    // Only Tifinagh is taken: a Latin transliteration is refused beside the field, nothing saved.
    await field.fill('Aselkin n usnatu');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await page
      .locator('.field:has(#g-name-zgh) .field-error')
      .getByText(/Tifinagh/)
      .waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal((await api('/procedures/CELIBACY')).body.name.zgh, undefined);
    await field.fill(NAME_ZGH);
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await page.getByText(/Version \d+ enregistrée\./).waitFor();
    assert.equal((await api('/procedures/CELIBACY')).body.name.zgh, NAME_ZGH);
    // The other languages' texts are kept as they were.
    assert.deepEqual({ ...(await api('/procedures/CELIBACY')).body.name, zgh: undefined }, { ...definition.name, zgh: undefined });

    await page.reload();
    await field.waitFor();
    assert.equal(await field.inputValue(), NAME_ZGH);
    const drawn = await fontsOf(page, '#g-name-zgh');
    assert.match(drawn.family, /^"?Noto Sans Tifinagh Web"?,/, 'the Tifinagh face heads the stack');
    assert.ok(drawn.loaded.includes('Noto Sans Tifinagh Web'), `the Tifinagh face is loaded (${drawn.loaded.join(', ')})`);
    assert.ok(
      woff2.some((f) => /^\/agent\/assets\/noto-sans-tifinagh[\w.-]*\.woff2$/.test(f)),
      `the agent app serves its own subset (${woff2.join(', ')})`,
    );
    await noSeriousViolations(page, 'admin: guide edit with Tamazight');
  });

  it("shows the annex's Tamazight name on its page, in Tifinagh", async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'admin');
    const annexId = (await api<{ items: { id: string }[] }>('/annexes?limit=1', { token: admin })).body.items[0].id;
    await page.goto(`/agent/admin/annexes/${annexId}`);
    const name = page.locator('p.annex-zgh[lang="zgh"]');
    await name.getByText(ANNEX_ZGH).waitFor();
    const drawn = await fontsOf(page, 'p.annex-zgh');
    assert.match(drawn.family, /^"?Noto Sans Tifinagh Web"?,/);
    assert.ok(drawn.loaded.includes('Noto Sans Tifinagh Web'), drawn.loaded.join(', '));
  });
});
