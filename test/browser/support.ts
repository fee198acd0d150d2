/**
 * Browser tests drive Debian's Chromium with playwright-core against the real built product
 * (API + worker + SPAs on real PostgreSQL and Redis), started by test/browser/run.ts.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { signInAsDevice } from '../support/second-factor';

export const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Annexe2026!';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE = { width: 360, height: 740 };
export const KIOSK = { width: 1080, height: 1920 };
export const DESKTOP = { width: 1366, height: 800 };

export async function newPage(browser: Browser, viewport = PHONE, locale = 'fr-MA'): Promise<Page> {
  const context = await browser.newContext({ viewport, locale, baseURL: BASE_URL });
  return context.newPage();
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}

/** Saves a screenshot under docs/screenshots/ (committed, shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(__dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: false });
}

/** SMS written by the file sink (SMS_PROVIDER=file): one JSON object per line. */
export function readSms(): { to: string; text: string; [k: string]: unknown }[] {
  const file = process.env.SMS_FILE;
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Calls the API directly (arranging data a test needs: an agent's approval, say). */
export async function api<T = any>(
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Where this run's "device" keeps its tokens: per product database (admin and supervisor pass the second factor once). */
export const DEVICE_SCOPE = `${BASE_URL}|${process.env.DATABASE_URL ?? ''}`;
const post = (path: string, body: unknown) => api(path.replace(/^\/api\/v1/, ''), { body });

/** Signs in through the API (with the test app's code when the account has a second factor). */
export async function signInPair(
  loginName: string,
  password = DEMO_PASSWORD,
  counter?: number,
): Promise<{ accessToken: string; refreshToken: string; deviceToken?: string }> {
  const r = await signInAsDevice(post, DEVICE_SCOPE, { login: loginName, password, ...(counter ? { counter } : {}) });
  if (r.status !== 200) throw new Error(`login ${loginName}: ${r.status}`);
  return r.body;
}

export async function login(loginName: string, password = DEMO_PASSWORD, counter?: number): Promise<string> {
  return (await signInPair(loginName, password, counter)).accessToken;
}

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
