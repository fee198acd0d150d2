import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../../support/app';

describe('one process serves both SPAs with history fallback', () => {
  let t: TestApp;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'spa-'));
    for (const [spa, title] of [
      ['citizen-web', 'CITIZEN'],
      ['agent-web', 'AGENT'],
    ]) {
      mkdirSync(join(root, spa, 'dist', 'assets'), { recursive: true });
      writeFileSync(join(root, spa, 'dist', 'index.html'), `<!doctype html><title>${title}</title>`);
      writeFileSync(join(root, spa, 'dist', 'assets', `${spa}-abc123.js`), `console.log('${title}')`);
      // As the build writes them: a brotli and a gzip copy beside the asset.
      const big = `console.log('${title}');\n`.repeat(200);
      writeFileSync(join(root, spa, 'dist', 'assets', `${spa}-big456.js`), big);
      writeFileSync(join(root, spa, 'dist', 'assets', `${spa}-big456.js.br`), brotliCompressSync(big));
      writeFileSync(join(root, spa, 'dist', 'assets', `${spa}-big456.js.gz`), gzipSync(big));
    }
    const saved = process.env.WEB_DIST_DIR;
    process.env.WEB_DIST_DIR = root;
    try {
      t = await createTestApp();
    } finally {
      process.env.WEB_DIST_DIR = saved;
    }
  });
  afterAll(async () => t.close());

  it('sends the security headers on pages and API answers', async () => {
    const page = await t.http.get('/').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("media-src 'self' blob:");
    const api = await t.http.get('/api/v1/procedures').expect(200);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(api.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the precompressed copy the client accepts, cached for a year, and compresses JSON above 1 kB', async () => {
    // supertest decodes the body; the length on the wire is the precompressed file's.
    const big = `console.log('CITIZEN');\n`.repeat(200);
    const br = await t.http.get('/assets/citizen-web-big456.js').set('accept-encoding', 'br, gzip').expect(200);
    expect(br.headers).toMatchObject({
      'content-encoding': 'br',
      vary: expect.stringMatching(/accept-encoding/i),
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(Number(br.headers['content-length'])).toBe(brotliCompressSync(big).length);
    expect(br.text).toBe(big);
    const gz = await t.http.get('/agent/assets/agent-web-big456.js').set('accept-encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await t.http.get('/assets/citizen-web-big456.js').set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const guide = await t.http.get('/api/v1/procedures').set('accept-encoding', 'br').expect(200);
    expect(guide.headers['content-encoding']).toBe('br');
    expect(Number(guide.headers['content-length'])).toBeLessThan(JSON.stringify(guide.body).length / 2);
    expect(guide.body.items.length).toBeGreaterThan(0);
    const small = await t.http.get('/api/v1/verify/BRK5-2026-C-999999').set('accept-encoding', 'br, gzip').expect(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.status).toBe('unknown');
  });

  it('serves the citizen app at / and on its client-side routes', async () => {
    for (const path of ['/', '/kiosk', '/screen', '/verify/BRK5-2026-C-000001', '/requests/123?x=1']) {
      const res = await t.http.get(path).expect(200);
      expect(res.text).toContain('CITIZEN');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the agent app under /agent/', async () => {
    await t.http.get('/agent').expect(302).expect('location', '/agent/');
    for (const path of ['/agent/', '/agent/queue', '/agent/requests/42']) {
      expect((await t.http.get(path).expect(200)).text).toContain('AGENT');
    }
  });

  it('serves hashed assets as immutable files', async () => {
    const res = await t.http.get('/assets/citizen-web-abc123.js').expect(200);
    expect(res.text).toContain('CITIZEN');
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await t.http.get('/agent/assets/agent-web-abc123.js').expect(200)).text).toContain('AGENT');
  });

  it('keeps API 404s as problem+json', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
