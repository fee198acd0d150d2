import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { noSeriousViolations, signIn } from './helpers';

const text = (fr: string) => ({ ar: `نص ${fr}`, fr, en: fr });

/** Law 55-19: a refusal at the desk cites one of the procedure's legal grounds. */
describe('agent app: a refusal names its legal ground', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
    const created = await api('/procedures', {
      token: await login('admin'),
      body: {
        code: 'LAW_GROUNDS',
        category: 'residence',
        name: text('Attestation à motifs de refus'),
        description: text('Refus motivé'),
        documents: [],
        feeMad: 0,
        slaHours: 8,
        channels: ['web', 'counter'],
        inPerson: false,
        external: false,
        fields: [],
        issuesCertificate: false,
        legalFrame: {
          maxDelayWorkingDays: 5,
          delaySource: 'law',
          feePayment: null,
          silenceMeansAcceptance: false,
          appealRoute: text('Recours gracieux'),
          refusalGrounds: [
            { code: 'NOT_RESIDENT', label: text("Hors du ressort de l'annexe") },
            { code: 'INCOMPLETE', label: text('Dossier incomplet') },
          ],
          changeReference: null,
        },
      },
    });
    assert.ok(created.status === 201 || created.status === 409, `procedure: ${created.status}`);
  });
  after(async () => browser?.close());

  it('asks for the ground before the reason, and records it', async () => {
    const citizen = await login('BK123456');
    const filed = await api<{ id: string }>('/requests', {
      token: citizen,
      body: { procedureCode: 'LAW_GROUNDS', form: {} },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    assert.equal(filed.status, 201);
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'agent1', 1);
    await page.goto(`/agent/requests/${filed.body.id}`);
    const actions = page.locator('section.actions');
    await actions.getByRole('button', { name: 'Prendre en charge' }).click();
    await actions.getByRole('button', { name: 'Refuser' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Motif légal du refus').waitFor();
    await dialog.getByLabel(/Motif du refus/).fill('adresse à Oujda');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    // No ground chosen: the dialog stays, saying so.
    await dialog.locator('.field-error').first().waitFor();
    await noSeriousViolations(page, 'refusal dialog with a missing ground');
    await dialog.getByText("Hors du ressort de l'annexe").click();
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByTestId('request-state').getByText('Refusée').waitFor();
    const events = await api<{ items: { toState: string; legalGround?: string; reason: string }[] }>(`/requests/${filed.body.id}/events`, {
      token: await login('agent1'),
    });
    assert.deepEqual(
      events.body.items.filter((e) => e.toState === 'rejected').map((e) => [e.legalGround, e.reason]),
      [['NOT_RESIDENT', 'adresse à Oujda']],
    );
    await page.context().close();
  });
});
