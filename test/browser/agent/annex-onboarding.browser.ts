import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { BASE_URL, DESKTOP, launchBrowser, newPage, screenshot } from '../support';
import { noSeriousViolations, signIn } from './helpers';

const PASSWORD = 'Kx9!mTr42pLq-annexe';
const code = `NB${String(Date.now()).slice(-4)}`;
const IDENTITY: [string, string][] = [
  ['Code (préfixe des numéros de suivi)', code],
  ['Nom en français', 'Annexe administrative Lazaret'],
  ['Nom en arabe', 'الملحقة الإدارية لازاري'],
  ['Province ou préfecture (français)', 'Province de Nador'],
  ['Province ou préfecture (arabe)', 'إقليم الناظور'],
  ['Pachalik ou caïdat (français)', 'Pachalik de Nador'],
  ['Pachalik ou caïdat (arabe)', 'باشوية الناظور'],
  ['Ville (« Fait à … »), en français', 'Nador'],
  ['Ville, en arabe', 'الناظور'],
  ['Adresse (français)', '2 avenue Al Massira, Nador'],
  ['Adresse (arabe)', '2 شارع المسيرة، الناظور'],
  ['Titre du signataire (français)', "Le Caïd de l'annexe Lazaret"],
  ['Titre du signataire (arabe)', 'قائد ملحقة لازاري'],
];

describe('annex onboarding (agent app, province admin) and the new annex on its display screen', () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, DESKTOP);
  });
  after(async () => browser?.close());

  it('creates the annex, completes its checklist and opens it', async () => {
    await signIn(page, 'province');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Annexes' }).click();
    await page.getByRole('heading', { name: 'Nouvelle annexe' }).waitFor();
    // Nothing typed: the error summary names the fields.
    await page.getByRole('button', { name: "Créer l'annexe" }).click();
    await page
      .getByRole('link', { name: /Code \(préfixe/ })
      .first()
      .waitFor();
    for (const [label, value] of IDENTITY) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: "Créer l'annexe" }).click();

    await page.getByRole('heading', { name: /Annexe administrative Lazaret/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'En préparation' }).waitFor();
    const items = page.locator('ul.checklist li');
    await items.first().waitFor();
    assert.equal(await items.count(), 7);
    assert.ok((await page.locator('ul.checklist li[data-done="false"]').count()) > 0, 'something is missing at first');
    assert.equal(await page.getByRole('button', { name: "Ouvrir l'annexe" }).isDisabled(), true);
    await noSeriousViolations(page, 'annex checklist');

    await page.getByLabel('Quartiers (CSV)').fill('code,nameAr,nameFr\nLAZARET,حي لازاري,Lazaret\nHAY-MATAR,حي المطار,Hay Al Matar');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('2 lignes importées ; 2 quartiers au total.').waitFor();

    await page.getByLabel('Numéro du guichet').fill('1');
    await page.getByLabel('Groupes de service').fill('A, C');
    await page.getByRole('button', { name: 'Ajouter ou modifier le guichet' }).click();
    await page.getByText('Guichet 1 — A, C').waitFor();

    for (const [role, label] of [
      ['agent', 'agent'],
      ['supervisor', 'superviseur'],
      ['display', 'écran'],
    ] as const) {
      await page.getByLabel('Identifiant').fill(`${code.toLowerCase()}-${role}`);
      await page.getByLabel('Nom complet').fill(`${label} ${code}`);
      await page.getByRole('button', { name: /Rôle/ }).click();
      await page.getByRole('option', { name: label, exact: true }).click();
      await page.getByLabel('Mot de passe initial').fill(PASSWORD);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/staff') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Créer le compte' }).click();
      assert.equal((await created).status(), 201);
      await page.getByText('Compte créé.').waitFor();
    }

    await page.locator('ul.checklist li[data-done="false"]').first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: "Ouvrir l'annexe" }).click();
    await page.getByRole('status').filter({ hasText: 'Ouverte' }).waitFor();
    await screenshot(page, 'agent-annex-opened');
  });

  it("shows the new annex's name on its display screen", async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, baseURL: BASE_URL, locale: 'fr-MA' });
    const screen = await context.newPage();
    await screen.goto('/screen');
    await screen.getByLabel("Nom d'utilisateur").fill(`${code.toLowerCase()}-display`);
    await screen.getByLabel('Mot de passe').fill(PASSWORD);
    await screen.getByRole('button', { name: "Associer l'écran" }).click();
    const title = screen.locator('.screen-title[data-annex="loaded"]');
    await title.waitFor();
    const text = await title.innerText();
    assert.ok(text.includes('Annexe administrative Lazaret'), text);
    assert.ok(text.includes('الملحقة الإدارية لازاري'), text);
    assert.ok(!/Berkane|بركان/.test(text), text);
    await context.close();
  });
});
