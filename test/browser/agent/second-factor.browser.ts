import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { totpCode } from '../../support/second-factor';
import { choose, noSeriousViolations } from './helpers';

const PASSWORD = 'Wx7!kP2qLz-berkane';

/** Issue 18: a supervisor must set up TOTP (a QR to scan) before anything else; the next sign-in asks for the app's code or a recovery code. */
describe('agent app: second factor', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  async function password(page: Page, username: string): Promise<void> {
    await page.goto('/agent/');
    await page.getByLabel('Identifiant').fill(username);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  async function counterThenIn(page: Page): Promise<void> {
    await page.getByRole('heading', { name: 'Votre guichet aujourd’hui' }).waitFor();
    await choose(page, '(n° 4)');
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('link', { name: 'Tableau de bord' }).waitFor();
  }

  it('a new supervisor scans a QR, confirms with a code, keeps recovery codes; the next sign-ins ask for a code or a recovery code', async () => {
    const username = `sup2fa${Date.now()}`;
    const created = await api('/staff', {
      token: await login('admin'),
      body: { username, fullName: 'Samira Haddou', role: 'supervisor', password: PASSWORD },
    });
    assert.equal(created.status, 201);

    // First sign-in: no second factor yet, so only its setup is offered (no navigation).
    const page = await newPage(browser, DESKTOP);
    await password(page, username);
    await page.getByRole('heading', { name: 'Vérification en deux étapes' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Tableau de bord' }).count(), 0, 'nothing else before the setup');
    await page.getByRole('button', { name: 'Activer' }).click();
    const qr = page.getByRole('img', { name: "QR code à scanner avec l'application d'authentification" });
    await qr.waitFor();
    const drawn = await qr.evaluate((el) => {
      const img = el as unknown as { src: string; naturalWidth: number };
      return { src: img.src.slice(0, 22), width: img.naturalWidth };
    });
    assert.deepEqual(drawn, { src: 'data:image/png;base64,', width: 240 });
    await noSeriousViolations(page, 'the second-factor setup');
    const secret = (await page.locator('code.secret').getAttribute('data-secret'))!;
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByLabel("Code à 6 chiffres affiché par l'application").fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByRole('heading', { name: 'Vos codes de secours' }).waitFor();
    const codes = await page.locator('ol.recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    await page.getByRole('button', { name: "J'ai noté mes codes" }).click();
    await page.getByRole('link', { name: 'Tableau de bord' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    // A new device: the password is followed by the app's code (the next one: the setup's was spent).
    const second = await newPage(browser, DESKTOP);
    await password(second, username);
    await second.getByRole('heading', { name: 'Code de vérification' }).waitFor();
    await second
      .getByLabel("Code à 6 chiffres de l'application d'authentification")
      .fill('000000' === totpCode(secret) ? '111111' : '000000');
    await second.getByRole('button', { name: 'Vérifier' }).click();
    await second.getByRole('alert').filter({ hasText: 'Code incorrect ou déjà utilisé' }).waitFor();
    await second.getByLabel("Code à 6 chiffres de l'application d'authentification").fill(totpCode(secret, Date.now() + 30_000));
    await second.getByRole('button', { name: 'Vérifier' }).click();
    await counterThenIn(second);

    // Another new device, phone lost: a recovery code.
    const third = await newPage(browser, DESKTOP);
    await password(third, username);
    await third.getByRole('button', { name: 'Téléphone perdu ? Utiliser un code de secours' }).click();
    await third.getByLabel('Code de secours').fill(codes[3]);
    await third.getByRole('button', { name: 'Vérifier' }).click();
    await counterThenIn(third);
  });
});
