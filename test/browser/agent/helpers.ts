import assert from 'node:assert/strict';
import { Browser, Page } from 'playwright-core';
import { api, DEMO_PASSWORD, DEVICE_SCOPE, login, newPage, seriousA11yViolations } from '../support';
import { deviceTokenFor } from '../../support/second-factor';

/**
 * Signs in through the agent app (French labels); picks a counter when one is given. The demo
 * admins (admin, province) and supervisor have a second factor: the browser is given the token of the device that passed it
 * (as the app keeps it after a first sign-in with a code), so the app does not ask again.
 */
export async function signIn(page: Page, username: string, counter?: number): Promise<void> {
  if (['admin', 'province', 'supervisor'].includes(username)) {
    await login(username);
    const token = deviceTokenFor(DEVICE_SCOPE, username);
    if (token) {
      await page.addInitScript(
        ([k, v]) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(k, v),
        [`annex.device.${username}`, token] as const,
      );
    }
  }
  await page.goto('/agent/');
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (counter) {
    await page.getByRole('heading', { name: 'Votre guichet aujourd’hui' }).waitFor();
    await choose(page, `(n° ${counter})`);
    await page.getByRole('button', { name: 'Commencer' }).click();
  }
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

/** Picks a React Aria radio by its label (its input is visually hidden inside the label). */
export async function choose(page: Page, label: string | RegExp): Promise<void> {
  await page.locator('label.react-aria-Radio', { hasText: label }).click();
  assert.ok(await page.getByRole('radio', { name: label }).isChecked(), `radio ${label} checked`);
}

export async function noSeriousViolations(page: Page, where: string): Promise<void> {
  assert.deepEqual(await seriousA11yViolations(page), [], `axe on ${where}`);
}

/** A residence certificate request filed by the demo citizen through the API. */
export async function citizenFiles(note = `${Date.now()}`): Promise<{ id: string; trackingCode: string; citizenToken: string }> {
  const citizenToken = await login('BK123456');
  const r = await api<{ id: string; trackingCode: string }>('/requests', {
    token: citizenToken,
    headers: { 'idempotency-key': `agent-browser-${note}-${Math.random()}` },
    body: {
      procedureCode: 'RESIDENCE',
      form: { purpose: 'bank', addressLine: `12 rue Al Qods, Berkane (${note})`, residenceSince: '2015-09-01' },
    },
  });
  assert.equal(r.status, 201);
  return { id: r.body.id, trackingCode: r.body.trackingCode, citizenToken };
}

/** The figure a cell shows, as a number ("1 234,5" → 1234.5, "87,5 %" → 87.5). */
export function shownNumber(text: string): number {
  return Number(text.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.'));
}

/** The waiting-room display, paired with the display account (French and Arabic side by side). */
export async function displayScreen(browser: Browser): Promise<Page> {
  const screen = await newPage(browser, { width: 1920, height: 1080 });
  await screen.goto('/screen');
  await screen.getByLabel("Nom d'utilisateur").fill('display');
  await screen.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await screen.getByRole('button', { name: "Associer l'écran" }).click();
  await screen.locator('main.screen[data-online="true"]').waitFor();
  return screen;
}
