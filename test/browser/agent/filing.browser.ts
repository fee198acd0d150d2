import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { choose, noSeriousViolations, signIn } from './helpers';

/** A 1×1 PNG, a real one (the API checks the content, not the name). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('agent app: assisted filing for a walk-in', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('creates the citizen, fills the form, uploads a document and files the request at the counter', async () => {
    const digits = String(Date.now()).slice(-6);
    const cin = `BE${digits}`;
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'agent1', 1);
    await page.getByRole('link', { name: 'Dépôt assisté' }).click();
    await page.getByRole('heading', { name: 'Pour qui est la demande ?' }).waitFor();
    await page.getByLabel('Rechercher le citoyen').fill(cin);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucun citoyen trouvé.').waitFor();
    await noSeriousViolations(page, 'filing: find the citizen');
    await page.getByRole('button', { name: 'Nouveau citoyen' }).click();

    // Sending the empty form: an error summary at the top, linking to each field.
    await page.getByLabel('Numéro de CIN').fill('');
    await page.getByRole('button', { name: 'Créer le compte et continuer' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Il y a un problème' });
    await summary.waitFor();
    assert.ok((await summary.getByRole('link').count()) >= 8);
    await summary.getByRole('link', { name: /Numéro de CIN/ }).click();
    assert.equal(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
      'c-cin',
    );
    await noSeriousViolations(page, 'filing: new citizen with errors');

    await page.getByLabel('Numéro de CIN').fill(cin);
    await page.getByLabel('Nom (lettres latines)', { exact: true }).fill('Alaoui');
    await page.getByLabel('Prénom (lettres latines)', { exact: true }).fill('Karim');
    await page.getByLabel('Nom en arabe', { exact: true }).fill('العلوي');
    await page.getByLabel('Prénom en arabe', { exact: true }).fill('كريم');
    await page.getByLabel('Date de naissance').fill('1985-06-20');
    await page.getByLabel('Téléphone mobile').fill(`+2126${digits}12`);
    await choose(page, 'Homme');
    await page.getByRole('button', { name: /Quartier de résidence/ }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('button', { name: 'Créer le compte et continuer' }).click();

    // For themselves (a walk-in may also file for their child or under a mandate).
    await page.getByRole('heading', { name: 'Pour soi ou pour un proche ?' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Karim Alaoui' }).getByRole('button', { name: 'Choisir' }).click();

    // The procedure, then its form generated from the guide's field schema.
    await choose(page, 'Certificat de résidence');
    await noSeriousViolations(page, 'filing: procedure');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { name: 'Certificat de résidence' }).waitFor();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('alert').filter({ hasText: 'Il y a un problème' }).waitFor();
    await choose(page, 'Dossier bancaire');
    await page.getByLabel('Adresse complète').fill('7 rue Ibn Sina, Berkane');
    await page.getByLabel('Réside depuis le').fill('2019-03-01');
    await noSeriousViolations(page, 'filing: form');
    await page.getByRole('button', { name: 'Continuer' }).click();

    // Documents: a scan of the ID card.
    await page.getByRole('heading', { name: 'Pièces justificatives' }).waitFor();
    const inputs = page.locator('input[type="file"]');
    await inputs.first().setInputFiles({ name: 'cin-recto.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('Fichier choisi : cin-recto.png').waitFor();
    await noSeriousViolations(page, 'filing: documents');
    await page.getByRole('button', { name: 'Continuer' }).click();

    // Check your answers, then file.
    await page.getByRole('heading', { name: 'Vérifiez avant d’envoyer' }).waitFor();
    const check = await page.locator('dl.check').innerText();
    assert.match(check, new RegExp(cin));
    assert.match(check, /Dossier bancaire/);
    assert.match(check, /cin-recto\.png/);
    await noSeriousViolations(page, 'filing: check answers');
    await page.getByRole('button', { name: 'Déposer la demande' }).click();
    await page.getByRole('heading', { name: 'Demande déposée' }).waitFor();
    const trackingCode = (await page.getByTestId('tracking-code').innerText()).trim();
    assert.match(trackingCode, /^BRK5-\d{4}-\d+$/);
    await page.getByText('1 pièce jointe reçue.').waitFor();
    await noSeriousViolations(page, 'filing: confirmation');
    await page.emulateMedia({ media: 'print' });
    assert.match(await page.locator('.slip').innerText(), new RegExp(trackingCode));
    await page.emulateMedia({ media: 'screen' });

    // The API has it: channel counter, for the new citizen, with the PNG attached.
    const agent = await login('agent1');
    const found = await api<{
      items: { id: string; trackingCode: string; channel: string; citizenId: string }[];
    }>(`/requests?q=${trackingCode}`, { token: agent });
    const request = found.body.items.find((r) => r.trackingCode === trackingCode);
    assert.ok(request, 'request in the queue');
    assert.equal(request.channel, 'counter');
    // List rows carry list columns only; the form is on the request itself.
    const full = await api<{ form: Record<string, unknown> }>(`/requests/${request.id}`, { token: agent });
    assert.equal(full.body.form.purpose, 'bank');
    const citizen = await api<{ cin: string; status: string }>(`/citizens/${request.citizenId}`, { token: agent });
    assert.equal(citizen.body.cin, cin);
    const attachments = await api<{ items: { fileName: string; contentType: string; documentCode: string }[] }>(
      `/requests/${request.id}/attachments`,
      { token: agent },
    );
    assert.equal(attachments.body.items.length, 1);
    assert.equal(attachments.body.items[0].contentType, 'image/png');
    assert.equal(attachments.body.items[0].fileName, 'cin-recto.png');
    assert.equal(attachments.body.items[0].documentCode, 'CIN');

    // The request page shows the image inline, fetched with the token.
    await page.getByRole('link', { name: 'Ouvrir la demande' }).click();
    await page.getByRole('button', { name: 'Afficher cin-recto.png' }).click();
    const img = page.getByRole('img', { name: 'Pièce jointe cin-recto.png' });
    await img.waitFor();
    assert.match((await img.getAttribute('src')) ?? '', /^blob:/);
    assert.ok(
      await img.evaluate((el) => {
        const i = el as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth === 1;
      }),
    );
    await page.context().close();
  });
});
