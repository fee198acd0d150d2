/** Helpers shared by the citizen app's browser specs (not a spec itself). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { api, DEMO_PASSWORD, eventually, login, readSms, seriousA11yViolations } from '../support';

export type Lang = 'ar' | 'fr' | 'en';

/** The app's catalogue over the web kit's, as the app merges them: the specs find elements by the words a citizen reads. */
export function catalogue(lang: Lang): Record<string, string> {
  const read = (...path: string[]) => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', ...path, `${lang}.json`), 'utf8'));
  return { ...read('libs', 'web-kit', 'src', 'messages'), ...read('apps', 'citizen-web', 'src', 'messages') };
}

/** A plain message (no ICU argument) of the catalogue. */
export const words = (lang: Lang) => {
  const m = catalogue(lang);
  return (id: string) => {
    assert.ok(m[id], `no message ${id} in ${lang}`);
    return m[id];
  };
};

/** A 1×1 PNG: a real image (the API checks the content, not the name). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The one-time code of the latest OTP SMS to `phone` sent after `after` SMS lines. */
export function otpFor(phone: string, after: number): Promise<string> {
  return eventually(async () => {
    const sms = readSms()
      .slice(after)
      .filter((s) => s.to === phone && s.template === 'otp');
    return sms.at(-1)?.text.match(/(\d{6})/)?.[1];
  });
}

/** Asserts axe finds no serious or critical violation, naming them when it does. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  const found = await seriousA11yViolations(page);
  assert.deepEqual(found, [], `${where}: ${JSON.stringify(found)}`);
}

/** Unique per run: the specs run again on the same database without colliding. */
export function uniqueCitizen(): { cin: string; phone: string; e164: string } {
  const n = `${String(Date.now()).slice(-5)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return { cin: `ZT${n.slice(-6)}`, phone: `06${n}`, e164: `+2126${n}` };
}

/** An agent claims and approves a request through the API (as the agent app would). */
export async function approveAsAgent(requestId: string): Promise<void> {
  const agent = await login('agent1');
  assert.equal((await api(`/requests/${requestId}/claim`, { method: 'POST', token: agent })).status, 200);
  const current = await api<{ version: number }>(`/requests/${requestId}`, { token: agent });
  const approved = await api(`/requests/${requestId}/transitions`, {
    token: agent,
    body: { to: 'approved', version: current.body.version },
  });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
}

/** Picks a radio the way a person does: by pressing its label (React Aria hides the input itself). */
export async function choose(page: Page, name: string): Promise<void> {
  await page.locator('label', { has: page.getByRole('radio', { name, exact: true }) }).click();
  assert.equal(await page.getByRole('radio', { name, exact: true }).isChecked(), true, name);
}

/** Nothing wider than the screen (a 360 px phone scrolls only down). */
export async function assertFits(page: Page, where: string): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [
    (globalThis as any).document.documentElement.scrollWidth,
    (globalThis as any).innerWidth,
  ]);
  assert.ok(scroll <= width, `${where}: ${scroll} px wide on a ${width} px screen`);
}

/** Answers the five sign-up pages (identity, names, contact, residence, alerts), up to "check your answers". */
export async function answerSignup(page: Page, lang: Lang, who: { cin: string; phone: string }): Promise<void> {
  const w = words(lang);
  await page.getByLabel(w('signup.cin'), { exact: true }).fill(who.cin.toLowerCase());
  await page.getByLabel(w('signup.birthDate'), { exact: true }).fill('1992-03-15');
  await choose(page, w('signup.sex.F'));
  await page.getByRole('button', { name: w('continue') }).click();
  await page.getByLabel(w('signup.firstName'), { exact: true }).fill('Salma');
  await page.getByLabel(w('signup.lastName'), { exact: true }).fill('Tazi');
  await page.getByLabel(w('signup.firstNameAr'), { exact: true }).fill('سلمى');
  await page.getByLabel(w('signup.lastNameAr'), { exact: true }).fill('التازي');
  await page.getByRole('button', { name: w('continue') }).click();
  await page.getByLabel(w('signup.phone'), { exact: true }).fill(who.phone);
  await page.getByRole('button', { name: w('continue') }).click();
  await page.getByLabel(w('signup.neighbourhoodId'), { exact: true }).selectOption({ label: lang === 'ar' ? 'حي القدس' : 'Hay Al Qods' });
  await page.getByRole('button', { name: w('continue') }).click();
  await choose(page, w('channelPref.both'));
  await page.getByRole('button', { name: w('continue') }).click();
  await page.getByRole('heading', { name: w('check.title') }).waitFor();
}

/** Types on the on-screen keypad, one key press at a time: no physical keyboard (`keypadName`: its name in the kiosk's language). */
export async function typeOnKeypad(page: Page, text: string, keypadName: RegExp = /Clavier/): Promise<void> {
  const keypad = page.getByRole('group', { name: keypadName });
  for (const ch of text) await keypad.getByRole('button', { name: ch, exact: true }).click();
}

/** The first time, a technician signs the kiosk device in; the session stays on the device. */
export async function openKiosk(page: Page, idle: number): Promise<void> {
  await page.goto(`/kiosk?idle=${idle}`);
  const setup = page.getByRole('heading', { name: words('fr')('kiosk.setupTitle') });
  const start = page.getByRole('heading', { name: words('fr')('kiosk.welcome') });
  await setup.or(start).waitFor();
  if (await setup.isVisible()) {
    await page.getByLabel(words('fr')('kiosk.deviceLogin')).fill('kiosk');
    await page.getByLabel(words('fr')('login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: words('fr')('kiosk.setup') }).click();
  }
  await start.waitFor();
}
