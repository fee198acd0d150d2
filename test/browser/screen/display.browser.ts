import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, BASE_URL, DEMO_PASSWORD, eventually, launchBrowser, login, screenshot, seriousA11yViolations } from '../support';

const SCREEN = { width: 1920, height: 1080 };
// A 1×1 PNG: a real image the screen can show.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Item {
  id: string;
  kind: string;
}

async function uploadImage(admin: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'plan-annexe.png');
  const res = await fetch(`${BASE_URL}/api/v1/signage/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: form,
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { url: string }).url;
}

describe('display screen (/screen)', () => {
  let browser: Browser;
  let page: Page;
  let admin: string;
  let first: Item;
  let second: Item;

  before(async () => {
    browser = await launchBrowser();
    admin = await login('admin');
    const mediaUrl = await uploadImage(admin);
    const made = await api<Item>('/signage', {
      token: admin,
      body: {
        kind: 'announcement',
        title: { ar: 'أوقات العمل يوم السبت', fr: 'Horaires du samedi' },
        body: { fr: 'Permanence de 9 h à 12 h' },
        position: 9001,
      },
    });
    assert.equal(made.status, 201);
    const image = await api<Item>('/signage', {
      token: admin,
      body: { kind: 'image', title: { ar: 'تصميم الملحقة', fr: "Plan de l'annexe" }, mediaUrl, position: 9002 },
    });
    assert.equal(image.status, 201);
    const map = await api('/signage', {
      token: admin,
      body: { kind: 'services_map', title: { ar: 'الشباك 4', fr: 'Guichet 4' }, body: { ar: 'الشهادات', fr: 'Certificats' } },
    });
    assert.equal(map.status, 201);
    // The playlist's order is the API's (position, then creation); the item after ours is what the screen shows next.
    const playlist = (await api<{ items: Item[] }>('/signage?limit=100')).body.items.filter((i) => i.kind !== 'services_map');
    first = made.body;
    second = playlist[(playlist.findIndex((i) => i.id === first.id) + 1) % playlist.length];
    assert.equal(second.id, image.body.id);

    const context = await browser.newContext({ viewport: SCREEN, baseURL: BASE_URL, locale: 'fr-MA' });
    // What the screen says aloud is recorded instead of played.
    await context.addInitScript(() => {
      type Utterance = { text: string; lang: string };
      const w = globalThis as unknown as { __spoken: Utterance[]; speechSynthesis: { speak(u: Utterance): void } };
      w.__spoken = [];
      w.speechSynthesis.speak = (u) => void w.__spoken.push({ text: u.text, lang: u.lang });
    });
    page = await context.newPage();
  });
  after(async () => browser?.close());

  it('pairs once with the display account, in Arabic and French side by side', async () => {
    await page.goto('/screen?slide=2');
    await page.getByLabel("Nom d'utilisateur").fill('display');
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: "Associer l'écran" }).click();
    await page.locator('main.screen[data-online="true"]').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.getByText('Numéro appelé').waitFor();
    await page.getByText('الرقم المنادى عليه').waitFor();
    await page.getByText('Certificats').waitFor(); // the services map
    assert.deepEqual(await seriousA11yViolations(page), []);
  });

  it('shows a newly called ticket at once, chimes and says it in Arabic and French', async () => {
    await page.getByRole('button', { name: /Activer le son/ }).click(); // a screen's one touch: browsers keep sound off until then
    const reception = await login('reception');
    const agent = await login('agent1', DEMO_PASSWORD, 4);
    const ticket = await api<{ number: string }>('/tickets', { token: reception, body: { group: 'S' } });
    assert.equal(ticket.status, 201);
    // A second visitor waits behind: a newcomer's predicted wait after the call is the one this ticket was told.
    const behind = await api<{ estimatedWaitMinutes: number }>('/tickets', { token: reception, body: { group: 'S' } });
    assert.equal(behind.status, 201);
    assert.ok(behind.body.estimatedWaitMinutes > 0);
    const called = await api<{ number: string }>('/counters/4/call-next', { token: agent, body: { groups: ['S'] } });
    assert.equal(called.status, 200);
    const now = page.locator(`.now[data-number="${ticket.body.number}"]`);
    await now.waitFor({ timeout: 10_000 });
    assert.match((await now.textContent()) ?? '', /Guichet 4/);
    const spoken = await eventually(() =>
      page
        .evaluate(() => (globalThis as unknown as { __spoken: { text: string; lang: string }[] }).__spoken)
        .then((s) => s.length >= 2 && s),
    );
    const short = ticket.body.number.replace(/^([A-Z])-0*/, '$1 ');
    assert.deepEqual(spoken, [
      { lang: 'ar-MA', text: `الرقم ${short}، المرجو التوجه إلى الشباك رقم 4` },
      { lang: 'fr-FR', text: `Le numéro ${short} est attendu au guichet 4` },
    ]);
    // The predicted wait of the group, in Arabic and French, as the ticket's answer gave it.
    const wait = page.locator('.waits li[data-group="S"]');
    await eventually(
      async () => (await wait.getAttribute('data-minutes').catch(() => null)) === String(behind.body.estimatedWaitMinutes),
      40_000,
    );
    await page.getByText('Attente estimée').waitFor();
    await wait.getByText(`Groupe S : ${behind.body.estimatedWaitMinutes} min`).waitFor();
    await wait.getByText(`الفئة S: ${behind.body.estimatedWaitMinutes} دقيقة`).waitFor();
    await screenshot(page, 'screen');
  });

  it('plays the next playlist item, and takes a new announcement without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { __loadedOnce: boolean }).__loadedOnce = true));
    await page.locator(`.slide[data-item="${first.id}"]`).waitFor({ timeout: 30_000 });
    await page.locator(`.slide[data-item="${second.id}"]`).waitFor({ timeout: 10_000 });
    assert.equal(
      await page
        .locator(`.slide[data-item="${second.id}"] img`)
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      1,
    );

    const added = await api<Item>('/signage', {
      token: admin,
      body: { kind: 'law_update', title: { fr: 'Nouvelle loi sur l’état civil', ar: 'قانون جديد للحالة المدنية' }, position: 9003 },
    });
    assert.equal(added.status, 201);
    await page.locator(`.slide[data-item="${added.body.id}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __loadedOnce?: boolean }).__loadedOnce), true);
  });
});
