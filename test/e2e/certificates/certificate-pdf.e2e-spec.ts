import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { certificatePdf, CertificateView, sampleCertificateView } from '@app/certificates';
import { DEMO_ANNEX } from '../../../scripts/seed-demo';
import { REFERENCE_DPI } from '../../../scripts/certificate-reference';

/** The direct PDF against the design: the reference image is Chromium's rendering of certificate-html.ts. */
function pdfFile(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-pdf-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  return join(dir, 'c.pdf');
}
function page(pdf: Buffer, dpi: number): PNG {
  const file = pdfFile(pdf);
  execFileSync('pdftoppm', ['-png', '-gray', '-r', String(dpi), '-singlefile', file, file.replace(/\.pdf$/, '')]);
  return PNG.sync.read(readFileSync(file.replace(/\.pdf$/, '.png')));
}
/**
 * The QR code's square, in points from the top left (measured on the reference): left out of the
 * pixel comparison, where its modules (the same ones, one library call) land a fraction of a pixel
 * apart and look like noise; the QR is checked by decoding it instead.
 */
const QR_BOX = { x: [236, 352], y: [578, 693] };
/** Share of pixels (outside the QR code) whose grey level differs by more than a quarter of the range. */
function difference(a: PNG, b: PNG): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  const pt = 72 / REFERENCE_DPI;
  let differing = 0;
  let compared = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (x * pt >= QR_BOX.x[0] && x * pt <= QR_BOX.x[1] && y * pt >= QR_BOX.y[0] && y * pt <= QR_BOX.y[1]) continue;
      const i = (y * a.width + x) * 4;
      const grey = (p: PNG) => (p.data[i] + p.data[i + 1] + p.data[i + 2]) / 3;
      compared++;
      if (Math.abs(grey(a) - grey(b)) > 64) differing++;
    }
  }
  return differing / compared;
}
const stripMarks = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

describe('certificate PDF (drawn without a browser)', () => {
  const reference = PNG.sync.read(readFileSync(join(__dirname, '../../fixtures/certificates/reference.png')));
  const view = sampleCertificateView(DEMO_ANNEX);
  // Measured when written: 1.05 % of pixels differ (anti-aliasing, sub-point offsets); a missing
  // column or a block moved by a line is several times that (the second test).
  const THRESHOLD = 0.015;

  it('looks like the design: its page image is within the threshold of the Chromium reference', async () => {
    const d = difference(page(await certificatePdf(view), REFERENCE_DPI), reference);
    process.stdout.write(`certificate PDF vs Chromium reference: ${(d * 100).toFixed(2)} % of pixels differ\n`);
    expect(d).toBeLessThan(THRESHOLD);
  });

  it('the comparison sees a missing column or a shifted block', async () => {
    const noArabic: CertificateView = { ...view, statementAr: '', holder: { ...view.holder, fullNameAr: '', addressAr: '' }, titleAr: '' };
    expect(difference(page(await certificatePdf(noArabic), REFERENCE_DPI), reference)).toBeGreaterThan(THRESHOLD);
    const shifted: CertificateView = { ...view, titleZgh: undefined };
    expect(difference(page(await certificatePdf(shifted), REFERENCE_DPI), reference)).toBeGreaterThan(THRESHOLD);
  });

  it('reads back as text: Arabic words in logical order, the French, the Tifinagh, with a Tifinagh font', async () => {
    const pdf = await certificatePdf(view);
    const text = stripMarks(execFileSync('pdftotext', [pdfFile(pdf), '-']).toString('utf8'));
    for (const words of [
      'شهادة السكنى',
      'وزارة الداخلية',
      'يوسف الإدريسي',
      'أمينة برادة',
      'حي القدس',
      'صالحة إلى غاية',
      'للبطاقة الوطنية رقم',
    ])
      expect(text).toContain(words);
    for (const words of [
      'Royaume du Maroc',
      'Certificat de résidence',
      "Le caïd de l'annexe administrative n°5",
      'Traité par : Youssef El Idrissi',
      'N° BRK5-2026-C-000001',
    ])
      expect(text).toContain(words);
    for (const words of ['ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ', 'ⵜⴰⵎⴰⵡⴰⵙⵜ ⵏ ⵓⴳⵏⵙⵓ', view.annex.nameZgh!, view.titleZgh!]) expect(text).toContain(words);
    expect(text).toMatch(/[\u2D30-\u2D7F]/);
    const fonts = execFileSync('pdffonts', [pdfFile(pdf)]).toString('utf8');
    expect(fonts).toMatch(/^[A-Z]{6}\+NotoSansTifinagh-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/m);
    expect(fonts).toMatch(/^[A-Z]{6}\+Amiri-Regular\s/m);
  });

  it('carries the QR code of the given text', async () => {
    const png = page(await certificatePdf(view), 150);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(view.qrText);
  });
});
