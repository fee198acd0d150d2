import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, eventually, launchBrowser, login, newPage, screenshot } from '../support';
import { citizenFiles, noSeriousViolations, shownNumber, signIn } from './helpers';

interface Stats {
  key: string;
  count: number;
  meanMinutes: number;
  medianMinutes: number;
  p90Minutes: number;
  slaComplianceRate: number;
}

describe('agent app: supervisor dashboard and admin pages', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
    // At least one decided request, so the figures are not all empty.
    const filed = await citizenFiles('dashboard');
    const agent = await login('agent2', undefined, 3);
    assert.equal((await api(`/requests/${filed.id}/claim`, { method: 'POST', token: agent })).status, 200);
    const r = await api<{ version: number }>(`/requests/${filed.id}`, { token: agent });
    assert.equal(
      (await api(`/requests/${filed.id}/transitions`, { token: agent, body: { to: 'approved', version: r.body.version } })).status,
      200,
    );
    await eventually(
      async () => (await api<{ state: string }>(`/requests/${filed.id}`, { token: agent })).body.state === 'ready_for_pickup',
      60_000,
    );
  });
  after(async () => browser?.close());

  it('shows the supervisor the same figures as the API, with a chart, tables and the census CSV', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'supervisor', 4);
    const token = await login('supervisor');
    const processing = async (groupBy: string) =>
      (
        await api<{ groups: (Stats & { label: string | null })[]; annex: Stats | null }>(`/metrics/processing-times?groupBy=${groupBy}`, {
          token,
        })
      ).body;
    // The browser run's worker refreshes the daily aggregates every 5 s: wait for today's decision
    // to be counted, so the populated table (not the empty one) is what gets compared.
    await eventually(async () => (await processing('procedure')).groups.length > 0, 30_000);
    // ...and for the aggregates to settle (decisions of earlier specs still being processed): the
    // page and the API must read the same refresh. Two reads a refresh period apart agree.
    await eventually(async () => {
      const before = JSON.stringify(await processing('procedure'));
      await new Promise((r) => setTimeout(r, 6000));
      return before === JSON.stringify(await processing('procedure'));
    }, 90_000);
    // A supervisor does not file for citizens (the API refuses it): no link to a page that would end in a 403.
    assert.equal(await page.getByRole('link', { name: 'Dépôt assisté' }).count(), 0);
    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
    const table = page.getByTestId('times-table');
    await table.waitFor();
    await page.getByTestId('sla-cards').locator('dd').first().waitFor();

    const times = await processing('procedure');
    const sla = (
      await api<{ backlog: number; atRisk: number; overdue: number; byProcedure: { procedureCode: string; backlog: number }[] }>(
        '/metrics/sla',
        { token },
      )
    ).body;
    const figures = (g: Stats) => [
      g.count,
      Math.round(g.meanMinutes * 10) / 10,
      Math.round(g.medianMinutes * 10) / 10,
      Math.round(g.p90Minutes * 10) / 10,
      Math.round(g.slaComplianceRate * 1000) / 10,
    ];
    assert.equal(await table.locator('tbody tr').count(), times.groups.length + (times.annex ? 1 : 0));
    if (times.groups.length) {
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      for (const g of times.groups) {
        const cells = await table.locator(`tr[data-key="${g.key}"] td`).allInnerTexts();
        assert.deepEqual(cells.map(shownNumber), figures(g), `figures of ${g.key}`);
      }
      assert.deepEqual((await table.locator('tr[data-key="annex"] td').allInnerTexts()).map(shownNumber), figures(times.annex!));
    } else {
      await page.getByText('Aucune demande décidée sur la période.').waitFor();
    }
    const cards = await page.getByTestId('sla-cards').locator('dd').allInnerTexts();
    assert.deepEqual(cards.slice(0, 3).map(shownNumber), [sla.backlog, sla.atRisk, sla.overdue]);
    for (const p of sla.byProcedure) {
      const cells = await page.getByTestId('sla-table').locator(`tr[data-key="${p.procedureCode}"] td`).allInnerTexts();
      assert.equal(shownNumber(cells[0]), p.backlog, `backlog of ${p.procedureCode}`);
    }
    await noSeriousViolations(page, 'dashboard');
    await screenshot(page, 'agent-dashboard');

    // Grouped by agent: each agent's figures under their name.
    await page.getByRole('button', { name: /Regrouper par/ }).click();
    await page.getByRole('option', { name: 'Agent' }).click();
    await table.getByRole('columnheader', { name: 'Agent' }).waitFor();
    const byAgent = await processing('agent');
    assert.ok(byAgent.groups.length > 0, 'agent2 decided a request today');
    for (const g of byAgent.groups) {
      const row = table.locator(`tr[data-key="${g.key}"]`);
      assert.equal(await row.getByRole('rowheader').innerText(), g.label ?? g.key);
      assert.deepEqual((await row.locator('td').allInnerTexts()).map(shownNumber), figures(g));
    }

    // Census: the CSV is fetched with the token and downloaded.
    await page.getByTestId('census-table').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter en CSV' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'census-neighbourhood.csv');
    const csv = readFileSync((await file.path())!, 'utf8');
    assert.ok(csv.trim().split('\n').length > 1, 'a header and rows (the file ends with a line break)');

    // Law 09-08: an agent's read shows in the supervisor's audit, and the 30-day CSV holds it.
    const reason = `audit ${Date.now()}`;
    const agent = await login('agent1', undefined, 3);
    const [someone] = (await api<{ items: { id: string }[] }>('/citizens?q=BK123456', { token: agent })).body.items;
    assert.equal((await api(`/citizens/${someone.id}?reason=${encodeURIComponent(reason)}`, { token: agent })).status, 200);
    await page.reload();
    const audit = page.getByTestId('access-audit');
    await audit.getByRole('cell', { name: reason }).waitFor();
    assert.ok((await audit.locator('tr', { hasText: reason }).innerText()).includes('agent1'));
    const auditFile = page.waitForEvent('download');
    await audit.getByRole('button', { name: 'Exporter 30 jours en CSV' }).click();
    assert.ok(readFileSync((await (await auditFile).path())!, 'utf8').includes(reason));
    await page.context().close();
  });

  it('keeps agents out of the admin pages and the dashboard (UI and API)', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'agent1', 1);
    assert.equal(await page.getByRole('link', { name: 'Administration' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Tableau de bord' }).count(), 0);
    for (const path of ['/agent/admin/staff', '/agent/admin/guide/RESIDENCE', '/agent/admin/holidays', '/agent/dashboard']) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Accès non autorisé' }).waitFor();
      assert.equal(await page.getByRole('table').count(), 0, `${path} shows no data`);
    }
    await noSeriousViolations(page, 'not allowed');
    const agent = await login('agent1');
    assert.equal((await api('/staff', { token: agent })).status, 403);
    assert.equal((await api('/metrics/sla', { token: agent })).status, 403);
    await page.context().close();
  });

  it('lets the admin manage staff, the guide, neighbourhoods and holidays', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Comptes du personnel' }).waitFor();
    await page.getByRole('cell', { name: 'agent1', exact: true }).waitFor();
    // The name as recorded in Arabic beside the French one (printed on certificates).
    await page
      .getByRole('row', { name: /agent1/ })
      .getByText('يوسف الإدريسي')
      .waitFor();
    await noSeriousViolations(page, 'admin: staff');

    await page.getByRole('link', { name: 'Guide des démarches' }).click();
    await page.getByRole('link', { name: 'Modifier Certificat de résidence' }).click();
    const fee = page.getByLabel('Délai (heures ouvrées)');
    await fee.waitFor();
    const before = (await api<{ version: number; slaHours: number }>('/procedures/RESIDENCE')).body;
    await fee.fill(String(before.slaHours));
    await noSeriousViolations(page, 'admin: guide edit');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await page.getByText(`Version ${before.version + 1} enregistrée.`).waitFor();
    assert.equal((await api<{ version: number }>('/procedures/RESIDENCE')).body.version, before.version + 1);

    await page.getByRole('link', { name: 'Quartiers' }).click();
    await page.getByRole('heading', { name: 'Quartiers' }).waitFor();
    await page.getByRole('cell', { name: 'HAY-QODS' }).waitFor();
    await noSeriousViolations(page, 'admin: neighbourhoods');

    await page.getByRole('link', { name: 'Jours fériés' }).click();
    await page.getByLabel('Date').fill('2031-01-02');
    await page.getByLabel('Nom en français').fill('Jour de test');
    await page.getByLabel('Nom en arabe').fill('يوم تجريبي');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('cell', { name: 'Jour de test', exact: true }).waitFor();
    // Dates written out in the page's language, never "2031-01-02" or "01-11".
    await page
      .getByRole('row', { name: /Jour de test/ })
      .getByRole('cell', { name: '2 janvier 2031', exact: true })
      .waitFor();
    await page
      .getByRole('row', { name: /Manifeste de l’Indépendance|Manifeste de l'Indépendance/ })
      .getByText('chaque année le 11 janvier')
      .waitFor();
    assert.doesNotMatch(await page.locator('table').innerText(), /\b\d{2}-\d{2}\b|2031-01-02/);
    await noSeriousViolations(page, 'admin: holidays');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page
      .getByRole('row', { name: /يوم تجريبي/ })
      .getByText('2 يناير 2031')
      .waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Supprimer Jour de test' }).click();
    await page.getByRole('cell', { name: 'Jour de test', exact: true }).waitFor({ state: 'detached' });
    await page.context().close();
  });
});
