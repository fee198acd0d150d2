import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage } from '../support';
import { citizenFiles, signIn } from './helpers';

/** Issue 18: a request agent1 holds shows its holder to the others, with no decision for them; a supervisor takes it over on the record. */
describe('agent app: a request held by another agent', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('shows agent2 who holds it and no decision buttons; the supervisor takes it over and the timeline says why', async () => {
    const filed = await citizenFiles('held');
    const claimed = await api(`/requests/${filed.id}/claim`, { method: 'POST', token: await login('agent1', undefined, 1) });
    assert.equal(claimed.status, 200);

    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'agent2', 2);
    await page.goto(`/agent/requests/${filed.id}`);
    await page.getByTestId('held-by').waitFor();
    assert.match(await page.getByTestId('held-by').innerText(), /Youssef El Idrissi/);
    const actions = page.locator('section.actions');
    for (const name of ['Accepter', 'Refuser', 'Demander une information'])
      assert.equal(await actions.getByRole('button', { name }).count(), 0, `no ${name} for agent2`);
    assert.equal(await actions.getByRole('button', { name: 'Reprendre le dossier' }).count(), 0, 'an agent cannot take over');

    const sup = await newPage(browser, DESKTOP);
    await signIn(sup, 'supervisor', 4);
    await sup.goto(`/agent/requests/${filed.id}`);
    await sup.getByTestId('held-by').waitFor();
    await sup.getByRole('button', { name: 'Reprendre le dossier' }).click();
    await sup.getByLabel(/Pourquoi vous le reprenez/).fill('agent absent cet après-midi');
    await sup.getByRole('button', { name: 'Confirmer' }).click();
    // Now the supervisor holds it: the decisions are theirs, and the timeline records the takeover with its reason.
    await sup.locator('section.actions').getByRole('button', { name: 'Accepter' }).waitFor();
    const entry = sup.locator('ol.timeline li', { hasText: 'Reprise' });
    await entry.waitFor();
    assert.match(await entry.innerText(), /agent absent cet après-midi/);
    assert.match(await entry.innerText(), /Superviseur/i);
  });
});
