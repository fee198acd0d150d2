import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { launchBrowser, newPage, PHONE, seriousA11yViolations } from '../support';

/**
 * The guide's first load on a phone: compressed JavaScript (bytes on the wire, headers included)
 * at most the 100 kB. The message catalogues are compiled to the ICU AST at build time (no
 * parser shipped), and the guide and the header are plain elements (no React Aria on first load).
 */
const BUDGET_BYTES = 100 * 1024;
/** Chrome DevTools' "Fast 3G" preset (throughput in bytes per second). */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };

describe('the guide on a phone: first load', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it(`sends at most ${BUDGET_BYTES / 1024} kB of compressed JavaScript, precompressed, cached for a year`, async () => {
    const page = await newPage(browser, PHONE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    // Bytes on the wire per request, as Chromium counts them (headers included).
    const wire = new Map<string, number>();
    const urls = new Map<string, string>();
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => wire.set(e.requestId, e.encodedDataLength));
    const scripts: { url: string; encoding: string; cache: string; vary: string }[] = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      const h = await r.allHeaders();
      scripts.push({
        url: new URL(r.url()).pathname,
        encoding: h['content-encoding'] ?? '',
        cache: h['cache-control'] ?? '',
        vary: h['vary'] ?? '',
      });
    });
    const started = Date.now();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Guide des démarches' }).waitFor();
    await page.locator('.procedure, [href^="/procedures/"]').first().waitFor();
    const visibleMs = Date.now() - started;
    await page.waitForLoadState('networkidle');

    const js = [...wire].filter(([id]) => /\.js$/.test(new URL(urls.get(id) ?? 'http://x/').pathname));
    const total = js.reduce((sum, [, n]) => sum + n, 0);
    process.stdout.write(
      `# guide first load: ${js.length} scripts, ${(total / 1024).toFixed(1)} kB of JavaScript on the wire; content visible after ${(visibleMs / 1000).toFixed(2)} s on emulated Fast 3G\n`,
    );
    assert.ok(scripts.length > 0);
    for (const s of scripts) {
      assert.equal(s.encoding, 'br', `${s.url} precompressed with brotli`);
      assert.match(s.cache, /max-age=31536000, immutable/, `${s.url} cached for a year`);
      assert.match(s.vary, /accept-encoding/i, s.url);
    }
    assert.ok(total <= BUDGET_BYTES, `${(total / 1024).toFixed(1)} kB of JavaScript > ${BUDGET_BYTES / 1024} kB`);
    // The kiosk, the display screen and the signed-in pages are not part of it.
    assert.deepEqual(
      scripts.filter((s) => /\/(kiosk|screen|signup|my-requests|request-form)-/.test(s.url)),
      [],
    );
    await page.context().close();
  });

  it('compresses JSON answers above 1 kB, and leaves small ones alone', async () => {
    const page = await newPage(browser, PHONE);
    const guide = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/procedures');
    await page.goto('/');
    assert.equal((await (await guide).allHeaders())['content-encoding'], 'br');
    const tiny = await page.request.get('/api/v1/verify/BRK5-2026-C-999999', { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(tiny.headers()['content-encoding'], undefined);
    await page.context().close();
  });

  it('finds a misspelt search, and offers the nearest procedures and the categories when nothing matches', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(`/?q=${encodeURIComponent('résidance')}`);
    await page.getByRole('link', { name: 'Certificat de résidence' }).first().waitFor();
    await page.goto(`/?q=${encodeURIComponent('certifica qzx')}`);
    await page.getByRole('heading', { name: 'Parcourir par thème' }).waitFor();
    await page.getByRole('heading', { name: 'Vouliez-vous dire…' }).waitFor();
    assert.ok((await page.locator('.nothing-found li').count()) >= 2);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await page.context().close();
  });
});
