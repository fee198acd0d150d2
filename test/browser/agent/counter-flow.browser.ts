import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { api, BASE_URL, DEMO_PASSWORD, DESKTOP, eventually, launchBrowser, login, newPage, screenshot } from '../support';
import { choose, citizenFiles, noSeriousViolations, signIn } from './helpers';

describe('agent app: the counter flow', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('claims from the queue, asks for information, approves after the answer, prints the slip and the certificate', async () => {
    const filed = await citizenFiles('flow');
    const page = await newPage(browser, DESKTOP);
    await page.goto('/agent/');
    await page.getByRole('heading', { name: 'Connexion du personnel' }).waitFor();
    await noSeriousViolations(page, 'sign-in');
    await page.getByLabel('Identifiant').fill('agent1');
    await page.getByLabel('Mot de passe').fill('wrong password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Identifiant ou mot de passe incorrect.').waitFor();
    // The right password, then today's counter (the choice goes into the token).
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Votre guichet aujourd’hui' }).waitFor();
    await noSeriousViolations(page, 'counter choice');
    await choose(page, '(n° 2)');
    await page.getByRole('button', { name: 'Commencer' }).click();

    // The queue: the request is there with its SLA badge; keyboard shortcuts are on screen.
    await page.getByRole('heading', { name: 'File de travail' }).waitFor();
    assert.match(await page.locator('header').innerText(), /Guichet 2/);
    await page.getByRole('heading', { name: 'Raccourcis clavier' }).waitFor();
    await page.keyboard.press('/');
    assert.equal(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
      'queue-q',
    );
    await page.keyboard.type(filed.trackingCode);
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: new RegExp(filed.trackingCode) });
    await row.waitFor();
    assert.equal(await page.locator('table.queue tbody tr').count(), 1);
    assert.match(await row.innerText(), /Dans les délais|À risque|En retard/);
    assert.match(await row.innerText(), /Certificat de résidence/);
    // Whose request it is: the citizen's name and the CIN masked, never the whole CIN.
    assert.match(await row.innerText(), /Amina Berrada/);
    assert.equal(await row.locator('bdi.cin').innerText(), 'BK****56');
    assert.doesNotMatch(await row.innerText(), /BK123456/);
    await noSeriousViolations(page, 'queue');
    await screenshot(page, 'agent-queue');

    // j selects the first row, c claims it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('c');
    await page.getByText(`Demande ${filed.trackingCode} prise en charge.`).waitFor();
    await row.getByText('Moi').waitFor();
    await row.getByText('En cours d’examen').waitFor();
    // The queue was fetched again after the claim: the selection is still on the same request.
    assert.equal(await row.getAttribute('aria-current'), 'true');

    // Enter opens the selected request.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Certificat de résidence/ }).waitFor();
    await page.getByRole('heading', { name: 'Réponses du formulaire' }).waitFor();
    await page.getByText('Dossier bancaire').waitFor();
    await page.getByText('BK123456').waitFor();
    await page.getByRole('heading', { name: 'Historique' }).waitFor();
    // The alerts by their names, never the template keys.
    const sent = page.locator('section', { has: page.getByRole('heading', { name: 'Avis envoyés au citoyen' }) });
    await sent.getByText(/Accusé de réception/).waitFor();
    assert.doesNotMatch(await sent.innerText(), /request\.received/);

    // Ask for information, with a message to the citizen.
    await page.getByRole('button', { name: 'Demander une information' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await dialog.getByText('Ce champ est obligatoire').waitFor();
    await noSeriousViolations(page, 'reason dialog');
    await dialog.getByLabel('Message au citoyen').fill('Merci de préciser le numéro de la maison.');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('C’est fait : la demande est maintenant « Information demandée ».').waitFor();
    await page.locator('.timeline').getByText('Merci de préciser le numéro de la maison.').waitFor();

    // The citizen answers through the API (needs_info → in_review, their answer as the reason).
    const mine = await api<{ version: number; state: string }>(`/requests/${filed.id}`, { token: filed.citizenToken });
    assert.equal(mine.body.state, 'needs_info');
    const answered = await api(`/requests/${filed.id}/transitions`, {
      token: filed.citizenToken,
      body: { to: 'in_review', reason: 'Maison n° 12, 2e étage.', version: mine.body.version },
    });
    assert.equal(answered.status, 200);

    await page.reload();
    await page.locator('.timeline').getByText('Maison n° 12, 2e étage.').waitFor();
    // The approval of a certificate leads to an SMS (ready for pickup): the app asks first.
    await page.getByRole('button', { name: 'Accepter' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Accepter' });
    await confirm.getByText('Le citoyen en sera averti par SMS ou par e-mail, selon ses préférences.').waitFor();
    await noSeriousViolations(page, 'decision confirmation');
    await confirm.getByRole('button', { name: 'Fermer' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(
      (await api<{ state: string }>(`/requests/${filed.id}`, { token: await login('agent1') })).body.state,
      'in_review',
      'closing the confirmation decides nothing',
    );
    await page.getByRole('button', { name: 'Accepter' }).click();
    await confirm.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText(/C’est fait : la demande est maintenant « (Acceptée|Prête à retirer) »\./).waitFor();
    // The worker renders the certificate; the page follows until the document is ready, the
    // message after the decision too (no "Acceptée" left on a request ready for pickup).
    await page.getByTestId('request-state').getByText('Prête à retirer').waitFor({ timeout: 60_000 });
    await page.getByText('C’est fait : la demande est maintenant « Prête à retirer ».').waitFor();
    assert.equal(await page.getByText('« Acceptée »').count(), 0);
    const ready = await api<{ state: string; certificateNumber: string }>(`/requests/${filed.id}`, { token: await login('agent1') });
    assert.equal(ready.body.state, 'ready_for_pickup');
    await page.getByRole('button', { name: 'Remettre le document' }).waitFor();
    await noSeriousViolations(page, 'request page');
    await screenshot(page, 'agent-request');

    // The tracking slip: the print button prints, and on paper only the slip shows.
    await page.evaluate(() => {
      const w = globalThis as unknown as { printed: number; print: () => void };
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Imprimer le récépissé' }).click();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed), 1);
    await page.emulateMedia({ media: 'print' });
    const slip = page.locator('.slip');
    assert.ok(await slip.isVisible());
    assert.match(await slip.innerText(), new RegExp(filed.trackingCode));
    assert.match(await slip.innerText(), /Récépissé de dépôt/);
    // Written for the citizen, in Arabic and French: what, when, and how to follow it (short link and QR).
    assert.match(await slip.locator('[lang="ar"]').innerText(), /وصل الإيداع[\s\S]*رقم التتبع[\s\S]*شهادة السكنى/);
    assert.match(
      await slip.locator('[lang="fr"]').innerText(),
      /Numéro de suivi[\s\S]*Certificat de résidence[\s\S]*Déposée le[\s\S]*saisissez votre CIN/,
    );
    const shortLink = `${BASE_URL}/t/${filed.trackingCode}`;
    assert.equal(await slip.locator('.slip-link').innerText(), shortLink);
    assert.doesNotMatch(await slip.innerText(), /Guichet|Agent|SLA|Décision|in_review|RESIDENCE/);
    const qr = slip.locator('.slip-qr svg');
    await qr.waitFor();
    const png = PNG.sync.read(await qr.screenshot());
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, shortLink);
    // Law 55-19: the numbered receipt, with its legal deadline.
    const receiptNumber = filed.trackingCode.replace(/-(\d+)$/, '-R-$1');
    await page.locator(`.slip[data-receipt="${receiptNumber}"]`).waitFor({ state: 'attached' });
    assert.match(await slip.innerText(), new RegExp(receiptNumber));
    assert.match(await slip.innerText(), /Délai légal de réponse/);
    assert.equal(await page.locator('header').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Accepter' }).isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await slip.isVisible(), false);

    // The certificate PDF, fetched with the agent's token.
    const certificate = page.waitForResponse((r) => r.url().endsWith(`/api/v1/requests/${filed.id}/certificate`));
    await page.getByRole('button', { name: `Certificat ${ready.body.certificateNumber} (PDF)` }).click();
    const response = await certificate;
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^application\/pdf/);
    await page.getByRole('link', { name: 'Enregistrer le certificat' }).waitFor();
    await page.context().close();
  });

  // Only the holder decides (issue 18: another agent gets no decision buttons), so the change
  // made meanwhile comes from the holder's other window.
  it('shows "a colleague acted first" when the request changed in the meantime', async () => {
    const filed = await citizenFiles('conflict');
    const agent1Token = await login('agent1');
    assert.equal((await api(`/requests/${filed.id}/claim`, { method: 'POST', token: agent1Token })).status, 200);
    const one = await newPage(browser, DESKTOP);
    const two = await newPage(browser, DESKTOP);
    await signIn(one, 'agent1', 1);
    await signIn(two, 'agent1', 1);
    for (const p of [one, two]) {
      await p.goto(`/agent/requests/${filed.id}`);
      await p.getByRole('button', { name: 'Accepter' }).waitFor();
    }
    // The other window acts first.
    await two.getByRole('button', { name: 'Accepter' }).click();
    await two.getByRole('alertdialog').getByRole('button', { name: 'Confirmer' }).click();
    await two.getByText(/C’est fait : la demande est maintenant « (Acceptée|Prête à retirer) »\./).waitFor();
    // This one, still showing the old version, rejects.
    await one.getByRole('button', { name: 'Refuser' }).click();
    await one.getByRole('dialog').getByLabel('Motif du refus').fill('Adresse hors du ressort de l’annexe.');
    await one.getByRole('dialog').getByRole('button', { name: 'Confirmer' }).click();
    const alert = one.getByRole('alert').filter({ hasText: 'Un collègue a agi avant vous' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Acceptée|Prête à retirer/);
    await noSeriousViolations(one, 'conflict');
    // Nothing was rejected: the API still shows the first decision.
    const now = await api<{ state: string }>(`/requests/${filed.id}`, { token: agent1Token });
    assert.ok(['approved', 'ready_for_pickup'].includes(now.body.state), now.body.state);
    await alert.getByRole('button', { name: 'Recharger la demande' }).click();
    await alert.waitFor({ state: 'detached' });
    await one
      .getByTestId('request-state')
      .getByText(/Acceptée|Prête à retirer/)
      .waitFor();
    assert.equal(await one.getByRole('button', { name: 'Refuser' }).count(), 0);
    await one.context().close();
    await two.context().close();
  });

  it('works in Arabic, right to left, and remembers the language', async () => {
    await citizenFiles('arabic');
    const page = await newPage(browser, DESKTOP, 'fr-MA');
    await page.goto('/agent/');
    await page.getByRole('button', { name: 'العربية' }).click();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    await page.getByLabel('اسم المستخدم').fill('agent1');
    await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    await choose(page, 'رقم 1)');
    await page.getByRole('button', { name: 'البدء' }).click();
    await page.getByRole('heading', { name: 'قائمة العمل' }).waitFor();
    await page.locator('table.queue tbody tr').first().waitFor();
    await page.locator('table.queue').getByText('شهادة السكنى').first().waitFor();
    // The citizen's name as the register writes it in Arabic, the masked CIN kept left to right.
    await page.locator('table.queue td.citizen').getByText('أمينة برادة').first().waitFor();
    assert.equal(await page.locator('table.queue td.citizen bdi.cin').first().getAttribute('dir'), 'ltr');
    await eventually(async () => (await page.locator('.badge').count()) > 0);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    // The table reads from the right: its first column starts right of the last.
    const first = await page.locator('table.queue th').first().boundingBox();
    const last = await page.locator('table.queue th').last().boundingBox();
    assert.ok(first && last && first.x > last.x, 'columns laid out right to left');
    await noSeriousViolations(page, 'queue (ar)');
    await screenshot(page, 'agent-queue-ar');
    await page.reload();
    await page.getByRole('heading', { name: 'قائمة العمل' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.getByRole('button', { name: 'Français' }).click();
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    await page.context().close();
  });
});
