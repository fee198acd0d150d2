import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { catalogueText } from '../../../apps/citizen-web/src/messages/catalogue';
import { api, BASE_URL, eventually, KIOSK, login } from '../support';
import { ANNEX_ZGH, launchWithSound, promptPlayer, recordPrompt, removePrompt, setAnnexZgh } from '../screen/prompts';
import { assertAccessible, openKiosk, typeOnKeypad } from './helpers';

const zgh = catalogueText(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'apps', 'citizen-web', 'src', 'messages', 'zgh.json'), 'utf8')),
);
const z = (id: string) => {
  assert.ok(zgh[id], `no Tamazight message ${id}`);
  return zgh[id];
};

describe('kiosk in Tamazight, with spoken guidance', () => {
  let browser: Browser;
  let page: Page;
  let admin: string;
  let languageUrl: string;
  let startUrl: string;
  let trackingCode: string;
  const fonts: string[] = [];

  before(async () => {
    admin = await login('admin');
    languageUrl = await recordPrompt(admin, 'kiosk.language', 'zgh');
    startUrl = await recordPrompt(admin, 'kiosk.start', 'zgh');
    await setAnnexZgh(admin, ANNEX_ZGH);
    // A firearm-licence dossier taken at the counter for the demo citizen.
    const me = await api<{ id: string }>('/me', { token: await login('BK123456') });
    const filed = await api<{ trackingCode: string }>('/requests', {
      token: await login('agent1'),
      headers: { 'idempotency-key': `kiosk-zgh-${Date.now()}` },
      body: { procedureCode: 'FIREARM', citizenId: me.body.id, form: { weaponType: 'shotgun', huntingPermitNumber: 'PC-2026-119' } },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    trackingCode = filed.body.trackingCode;
    browser = await launchWithSound();
    const context = await browser.newContext({ viewport: KIOSK, locale: 'fr-MA', baseURL: BASE_URL });
    page = await context.newPage();
    page.on('request', (r) => r.url().endsWith('.woff2') && fonts.push(new URL(r.url()).pathname));
  });
  after(async () => {
    await removePrompt(admin, 'kiosk.language', 'zgh');
    await removePrompt(admin, 'kiosk.start', 'zgh');
    await setAnnexZgh(admin, null);
    await browser?.close();
  });

  it('offers the languages by their spoken names: tapping Tamazight switches the kiosk and plays its recorded name', async () => {
    await openKiosk(page, 120);
    const tile = page.getByRole('group', { name: /Choisissez votre langue/ }).getByRole('button', { name: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' });
    const box = await tile.boundingBox();
    assert.ok(box && box.width >= 44 && box.height >= 44, 'language tiles are large touch targets');
    await tile.click();
    await page.getByRole('heading', { name: z('kiosk.welcome') }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zgh');
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    const playing = await eventually(async () => {
      const p = await promptPlayer(page);
      return p && !p.paused && p;
    });
    assert.deepEqual(playing, { src: languageUrl, paused: false });
    // The annex's Tamazight name in the header; the Tifinagh web font is the one drawing it.
    await page.locator('header .brand').getByText(ANNEX_ZGH).waitFor();
    assert.ok(
      fonts.some((f) => /noto-sans-tifinagh[\w.-]*\.woff2$/.test(f)),
      `the Tifinagh font is loaded (${fonts.join(', ')})`,
    );
    const faces = await page.evaluate(() =>
      [...(globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> } }).document.fonts].map(
        (f) => `${f.family} ${f.status}`,
      ),
    );
    assert.ok(faces.includes('"Noto Sans Tifinagh Web" loaded') || faces.includes('Noto Sans Tifinagh Web loaded'), faces.join(', '));
    await assertAccessible(page, 'kiosk start in Tamazight');
  });

  it('plays the start screen’s recording from the large listen button, and has none where Tamazight has no recording', async () => {
    const listen = page.getByRole('button', { name: z('kiosk.listen') });
    const box = await listen.boundingBox();
    assert.ok(box && box.height >= 72, 'the listen button is a large target');
    await listen.click();
    const playing = await eventually(async () => {
      const p = await promptPlayer(page);
      return p && p.src === startUrl && !p.paused && p;
    });
    assert.deepEqual(playing, { src: startUrl, paused: false });
    assert.equal(await page.locator('button.listen').getAttribute('data-step'), 'kiosk.start');

    // Tracking has no Tamazight recording and no voice exists for Tamazight: no button that would stay silent.
    await page.getByRole('button', { name: z('track.title') }).click();
    await page.getByRole('heading', { name: z('track.title') }).waitFor();
    await page.getByText(z('kiosk.trackIntro')).waitFor();
    assert.equal(await page.locator('button.listen').count(), 0);
    // Every text of the tracking screen is Tamazight: nothing marked as French there.
    assert.doesNotMatch(await page.locator('main').innerText(), /\(fr\)/);
  });

  it('tracks a dossier in Tamazight: the month from the catalogue, Latin digits, and the guide text it lacks marked as French', async () => {
    await page.getByRole('textbox', { name: z('track.code') }).click();
    const keypad = new RegExp(`^${z('kiosk.keypad').split(':')[0]}`);
    await typeOnKeypad(page, trackingCode, keypad);
    await page.getByRole('textbox', { name: z('track.cin') }).click();
    await typeOnKeypad(page, 'BK123456', keypad);
    await page.getByRole('button', { name: z('track.search') }).click();
    const result = page.locator('.result');
    await result.getByText(z('state.submitted'), { exact: true }).waitFor();
    // The procedure has no Tamazight name in the guide: its French name, visibly marked (once the guide's list is in).
    await result.getByText("(fr) Dépôt de demande de permis de port d'arme").waitFor();
    const text = await result.innerText();
    // Chromium's Intl has no Tamazight data: the month is the catalogue's, the digits Latin.
    const month = z(
      `month.${Number(new Intl.DateTimeFormat('en', { month: 'numeric', timeZone: 'Africa/Casablanca' }).format(new Date()))}`,
    );
    assert.match(text, new RegExp(`\\d{1,2} ${month} \\d{4}, \\d{2}:\\d{2}`));
    assert.doesNotMatch(text, / à /);
    // So is the next step the API gives in ar/fr/en only.
    assert.match(text, /\(fr\) Votre demande a été reçue/);
  });
});
