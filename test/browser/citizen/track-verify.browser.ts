import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { api, BASE_URL, DESKTOP, eventually, launchBrowser, login, newPage, PHONE, screenshot, seriousA11yViolations } from '../support';
import { assertFits } from './helpers';

/** A residence certificate made through the API: filed by the demo citizen, approved by an agent. */
async function issuedCertificate(): Promise<{ trackingCode: string; number: string; qr: string }> {
  const citizen = await login('BK123456');
  const agent = await login('agent1');
  const submitted = await api<{ id: string; trackingCode: string }>('/requests', {
    token: citizen,
    headers: { 'idempotency-key': `browser-${Date.now()}` },
    body: { procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } },
  });
  assert.equal(submitted.status, 201);
  const id = submitted.body.id;
  assert.equal((await api(`/requests/${id}/claim`, { method: 'POST', token: agent })).status, 200);
  const current = await api<{ version: number }>(`/requests/${id}`, { token: agent });
  assert.equal(
    (await api(`/requests/${id}/transitions`, { token: agent, body: { to: 'approved', version: current.body.version } })).status,
    200,
  );
  const ready = await eventually(async () => {
    const r = await api<{ state: string; certificateNumber: string }>(`/requests/${id}`, { token: citizen });
    return r.body.state === 'ready_for_pickup' && r.body;
  }, 60_000);
  const pdf = await fetch(`${BASE_URL}/api/v1/requests/${id}/certificate`, { headers: { authorization: `Bearer ${citizen}` } });
  assert.equal(pdf.status, 200);
  return { trackingCode: submitted.body.trackingCode, number: ready.certificateNumber, qr: qrOf(Buffer.from(await pdf.arrayBuffer())) };
}

/** The QR code printed on the PDF, as a phone's camera reads it (poppler renders the page, jsQR decodes). */
function qrOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', join(dir, 'c.pdf'), join(dir, 'page')]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code on the certificate');
  return code.data;
}

/** Every value of the verification is at least as wide as its own text (no one-letter-per-line column). */
async function assertValuesReadable(page: Page): Promise<void> {
  const narrow = await page.locator('.verdict dd').evaluateAll((dds) =>
    dds
      .map((dd) => {
        const style = (globalThis as any).getComputedStyle(dd);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
        const lines = Math.round((dd as any).clientHeight / lineHeight);
        return {
          text: (dd as any).innerText as string,
          width: (dd as any).clientWidth as number,
          overflow: (dd as any).scrollWidth > (dd as any).clientWidth,
          lines,
        };
      })
      .filter((d) => d.overflow || d.width < 150 || d.lines > 2),
  );
  assert.deepEqual(narrow, []);
}

describe('citizen app: tracking and certificate verification', () => {
  let browser: Browser;
  let issued: { trackingCode: string; number: string; qr: string };
  before(async () => {
    browser = await launchBrowser();
    issued = await issuedCertificate();
  });
  after(async () => browser?.close());

  it('tracks a request by code and CIN, with an error summary first when fields are empty', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto('/track');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Il y a un problème').waitFor();
    assert.equal(await summary.getByRole('link').count(), 2);
    await page.getByLabel('Numéro de suivi').fill(issued.trackingCode);
    await page.getByLabel('Numéro de CIN').fill('bk123456');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Prête à retirer').waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'citizen-track-fr');
    // A wrong CIN tells nothing about the request.
    await page.getByLabel('Numéro de CIN').fill('ZZ999999');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucune demande ne correspond').waitFor();
    await page.context().close();
  });

  it('verifies the QR scanned from the PDF at 360 px in Arabic, online, then offline with only the published key', async () => {
    const qr = new URL(issued.qr);
    assert.equal(qr.pathname, `/verify/${issued.number}`);
    assert.match(qr.hash, /^#[\w-]+\.[\w-]+\.[\w-]+$/, 'the QR carries a compact JWS');
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto(qr.pathname + qr.hash);
    await page.getByRole('heading', { name: 'شهادة صالحة' }).waitFor();
    assert.deepEqual([await page.locator('html').getAttribute('dir'), await page.locator('html').getAttribute('lang')], ['rtl', 'ar']);
    await page.getByText('تم التحقق عبر الإنترنت').waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /BK\*+56/);
    assert.match(main, /شهادة السكنى/, 'the procedure by its name');
    assert.doesNotMatch(main, /RESIDENCE/);
    await assertValuesReadable(page);
    await assertFits(page, 'verify ar 360 px');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'citizen-verify-ar');
    // No connection to the register: the page checks the signature itself with the key it kept.
    await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByRole('heading', { name: 'شهادة صالحة' }).waitFor();
    await page.getByText('دون اتصال').waitFor();
    assert.match(await page.locator('main').innerText(), /BK\*+56/);
    await page.context().close();
  });

  it('makes a forged QR the headline, "Non authentique" in red, with nothing that looks valid', async () => {
    const qr = new URL(issued.qr);
    const [h, p, sig] = qr.hash.slice(1).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, v: '2099-12-31' })).toString('base64url')}.${sig}`;
    for (const [lang, headline, valid] of [
      ['fr', 'Non authentique', /valide|Valable/],
      ['ar', 'غير أصلية', /صالحة/],
    ] as const) {
      const page = await newPage(browser, PHONE, `${lang}-MA`);
      await page.goto(`${qr.pathname}#${forged}`);
      const heading = page.getByRole('heading', { name: headline });
      await heading.waitFor();
      assert.equal(await heading.evaluate((e) => (globalThis as any).getComputedStyle(e).color), 'rgb(212, 53, 28)');
      assert.doesNotMatch(await page.locator('main').innerText(), valid);
      assert.equal(await page.locator('.status-valid').count(), 0);
      assert.deepEqual(await seriousA11yViolations(page), [], `forged (${lang})`);
      // The legacy signature link too.
      await page.goto(`/verify/${issued.number}?s=${'A'.repeat(86)}`);
      await heading.waitFor();
      await page.goto('/verify/BRK5-2026-C-999999');
      await page.getByRole('heading', { name: lang === 'fr' ? 'Certificat inconnu' : 'شهادة غير معروفة' }).waitFor();
      await page.context().close();
    }
  });

  it('fits a 1366 px desktop too', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Guide des démarches' }).waitFor();
    await page.context().close();
  });
});
