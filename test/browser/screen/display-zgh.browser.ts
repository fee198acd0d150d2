import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, BASE_URL, DEMO_PASSWORD, eventually, login, seriousA11yViolations } from '../support';
import { ANNEX_ZGH, launchWithSound, promptPlayer, recordPrompt, removePrompt, setAnnexZgh } from './prompts';

const SCREEN = { width: 1920, height: 1080 };

describe('display screen in Tamazight, with a recorded announcement', () => {
  let browser: Browser;
  let page: Page;
  let admin: string;
  let callUrl: string;
  let calledTicket: { id: string; agent: string } | undefined;

  before(async () => {
    admin = await login('admin');
    callUrl = await recordPrompt(admin, 'screen.call', 'zgh', 6);
    await setAnnexZgh(admin, ANNEX_ZGH);
    browser = await launchWithSound();
    const context = await browser.newContext({ viewport: SCREEN, baseURL: BASE_URL, locale: 'fr-MA' });
    // What the browser would say aloud is recorded instead (Arabic: no recording of its own here).
    await context.addInitScript(() => {
      type Utterance = { text: string; lang: string; onend?: () => void };
      const w = globalThis as unknown as { __spoken: Utterance[]; speechSynthesis: { speak(u: Utterance): void } };
      w.__spoken = [];
      w.speechSynthesis.speak = (u) => {
        w.__spoken.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(), 50);
      };
    });
    page = await context.newPage();
  });
  after(async () => {
    if (calledTicket) await api(`/tickets/${calledTicket.id}/close`, { method: 'POST', token: calledTicket.agent });
    await removePrompt(admin, 'screen.call', 'zgh');
    await setAnnexZgh(admin, null);
    await browser?.close();
  });

  it('shows Tamazight first, left to right, with the annex’s Tamazight name, and plays the Tamazight call recording', async () => {
    await page.goto('/screen?lang=zgh,ar');
    await page.getByLabel('ⵉⵙⵎ ⵏ ⵓⵙⵎⵔⵙ').fill('display');
    await page.getByLabel('ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ').first().fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'ⵣⴷⵉ ⴰⴳⴷⵉⵍ' }).first().click();
    await page.locator('main.screen[data-online="true"]').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zgh');
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    await page.getByText('ⵓⵟⵟⵓⵏ ⵉⵜⵜⵓⵖⵔⴰⵏ').waitFor();
    await page.getByText('الرقم المنادى عليه').waitFor();
    await page.locator('.screen-title').getByText(ANNEX_ZGH).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);

    // Group C at counter 2: the other display spec measures group S's predicted wait at counter 4.
    const reception = await login('reception');
    const agent = await login('agent2', DEMO_PASSWORD, 2);
    const ticket = await api<{ number: string }>('/tickets', { token: reception, body: { group: 'C' } });
    assert.equal(ticket.status, 201);
    const called = await api<{ id: string }>('/counters/2/call-next', { token: agent, body: { groups: ['C'] } });
    assert.equal(called.status, 200);
    calledTicket = { id: called.body.id, agent };
    await page.locator(`.now[data-number="${ticket.body.number}"]`).waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.now').first().textContent()) ?? '', /ⴰⵛⵓⴱⴱⴰⴽ 2/);
    // Tamazight first: its recording plays (no voice exists for it), then Arabic is spoken.
    const playing = await eventually(async () => {
      const p = await promptPlayer(page);
      return p && !p.paused && p;
    });
    assert.deepEqual(playing, { src: callUrl, paused: false });
    const spoken = await eventually(
      () =>
        page
          .evaluate(() => (globalThis as unknown as { __spoken: { text: string; lang: string }[] }).__spoken)
          .then((s) => s.length >= 1 && s),
      30_000,
    );
    const short = ticket.body.number.replace(/^([A-Z])-0*/, '$1 ');
    assert.deepEqual(spoken, [{ lang: 'ar-MA', text: `الرقم ${short}، المرجو التوجه إلى الشباك رقم 2` }]);
  });
});
