/**
 * Regenerates test/fixtures/certificates/reference.png: the sample certificate as Chromium renders
 * certificate-html.ts (the design), which the direct PDF is compared with in
 * test/e2e/certificates/certificate-pdf.e2e-spec.ts. Run after changing the design on purpose:
 *   node -r @swc-node/register scripts/certificate-reference.ts
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as QRCode from 'qrcode';
import { certificateHtml, sampleCertificateView } from '@app/certificates';
import { PdfRenderer } from './lib/chromium-pdf';
import { DEMO_ANNEX } from './seed-demo';

/** The resolution the comparison is made at: layout, not glyph details. */
export const REFERENCE_DPI = 24;

async function main(): Promise<void> {
  const v = sampleCertificateView(DEMO_ANNEX);
  const renderer = new PdfRenderer({ CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const pdf = await renderer.render(
      certificateHtml(v, await QRCode.toString(v.qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })),
    );
    const dir = mkdtempSync(join(tmpdir(), 'cert-ref-'));
    writeFileSync(join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-png',
      '-gray',
      '-r',
      String(REFERENCE_DPI),
      '-singlefile',
      join(dir, 'c.pdf'),
      'test/fixtures/certificates/reference',
    ]);
    process.stdout.write('wrote test/fixtures/certificates/reference.png\n');
  } finally {
    await renderer.onApplicationShutdown();
  }
}

if (require.main === module) void main();
