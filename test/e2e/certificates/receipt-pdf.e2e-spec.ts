import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { receiptPdf, sampleReceipt } from '@app/certificates';
import { DEMO_ANNEX } from '../../../scripts/seed-demo';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';

/** The récépissé PDF the API serves, read back the way a person's tools read it (poppler). */
function pdfFile(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'receipt-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  return join(dir, 'r.pdf');
}
const stripMarks = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
const text = (pdf: Buffer) => stripMarks(execFileSync('pdftotext', [pdfFile(pdf), '-']).toString('utf8'));

describe('GET /requests/{id}/receipt/pdf: the récépissé drawn without a browser', () => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(() => t.close());

  it('has the JSON receipt’s content: Arabic words in logical order, the French, the Tifinagh heading, the tracking code and its QR', async () => {
    const c = await citizenWithTokens(t);
    const filed = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const id = filed.body.id as string;
    const json = (await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(c.web)).expect(200)).body;

    const res = await t.http.get(`/api/v1/requests/${id}/receipt/pdf`).set(bearer(c.web)).buffer(true).expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${json.number}.pdf"`);
    const pdf = res.body as Buffer;
    // Lines joined: a long value wraps in its column.
    const read = text(pdf).replace(/\s+/g, ' ');

    expect(read).toContain(`N° ${json.number} — ${filed.body.trackingCode}`);
    expect(read).toContain(json.trackUrl);
    // Arabic: whole phrases, so each word is there and in reading order, not reversed or split.
    for (const words of [
      'المملكة المغربية',
      'وزارة الداخلية',
      json.annex.nameAr,
      'وصل الإيداع',
      json.procedure.name.ar,
      'المعطيات المودعة',
      'الأجل القانوني للرد',
      ...json.documents.map((d: { name: { ar: string } }) => d.name.ar),
    ])
      expect(read).toContain(words);
    // The Arabic column in the receipt's order: title, procedure, deadline, tracking.
    const order = ['وصل الإيداع', json.procedure.name.ar, 'الأجل القانوني للرد', 'التتبع'].map((w) => read.indexOf(w));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const words of [
      'Royaume du Maroc',
      'Récépissé de dépôt',
      json.annex.nameFr,
      json.procedure.name.fr,
      ...json.filed.map((f: { label: { fr: string }; value: string }) => `${f.label.fr} : ${f.value}`),
    ])
      expect(read).toContain(words);
    expect(read).toContain('ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ');

    const fonts = execFileSync('pdffonts', [pdfFile(pdf)]).toString('utf8');
    for (const font of ['NotoSerif-Regular', 'NotoSerif-Bold', 'Amiri-Regular', 'Amiri-Bold', 'NotoSansTifinagh-Regular', 'DejaVuSansMono'])
      expect(fonts).toMatch(new RegExp(`^[A-Z]{6}\\+${font}\\s+CID TrueType\\s+Identity-H\\s+yes yes yes`, 'm'));
    // Drawn here, not printed by a browser.
    expect(execFileSync('pdfinfo', [pdfFile(pdf)]).toString('utf8')).toMatch(/^Producer:\s+annex certificates$/m);

    const file = pdfFile(pdf);
    execFileSync('pdftoppm', ['-png', '-gray', '-r', '150', '-singlefile', file, file.replace(/\.pdf$/, '')]);
    const png = PNG.sync.read(readFileSync(file.replace(/\.pdf$/, '.png')));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(json.trackUrl);

    // Staff of the annex get the same document; another citizen gets nothing.
    const staff = await t.http.get(`/api/v1/requests/${id}/receipt/pdf`).set(bearer(agent)).buffer(true).expect(200);
    expect(text(staff.body as Buffer).replace(/\s+/g, ' ')).toBe(read);
    const other = await citizenWithTokens(t);
    const hidden = await t.http.get(`/api/v1/requests/${id}/receipt/pdf`).set(bearer(other.web)).expect(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
  });

  it('puts English in the left column with ?lang=en, the Arabic unchanged; an unknown language is a 400 naming lang', async () => {
    const c = await citizenWithTokens(t);
    const filed = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const id = filed.body.id as string;
    const json = (await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(c.web)).expect(200)).body;
    const get = (lang: string) => t.http.get(`/api/v1/requests/${id}/receipt/pdf`).query({ lang }).set(bearer(c.web)).buffer(true);
    const [en, fr] = [
      text((await get('en').expect(200)).body).replace(/\s+/g, ' '),
      text((await get('fr').expect(200)).body).replace(/\s+/g, ' '),
    ];
    for (const words of [
      'Kingdom of Morocco',
      'Filing receipt',
      'Legal deadline for the answer',
      json.procedure.name.en,
      `Track: ${json.trackUrl}`,
    ])
      expect(en).toContain(words);
    for (const f of json.filed) expect(en).toContain(`${f.label.en}: ${f.value}`);
    expect(en).not.toContain('Récépissé de dépôt');
    expect(fr).toContain('Récépissé de dépôt');
    for (const words of ['وصل الإيداع', 'الأجل القانوني للرد', json.procedure.name.ar]) {
      expect(en).toContain(words);
      expect(fr).toContain(words);
    }
    const bad = await get('de').expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lang']);
  });

  it('answers a malformed id with a 400 problem, not a render', async () => {
    const c = await citizenWithTokens(t);
    const r = await t.http.get('/api/v1/requests/not-a-uuid/receipt/pdf').set(bearer(c.web)).expect(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, detail: expect.stringContaining('uuid') });
  });

  it('goes on to a second page when the filed values do not fit one, losing none', async () => {
    const long = sampleReceipt(DEMO_ANNEX);
    long.filed = Array.from({ length: 25 }, (_, i) => ({
      key: `k${i}`,
      label: { fr: `Champ ${i}`, ar: `حقل ${i}`, en: `Field ${i}` },
      value: `valeur ${i}`,
    }));
    const pdf = await receiptPdf(long, 'Africa/Casablanca');
    expect(execFileSync('pdfinfo', [pdfFile(pdf)]).toString('utf8')).toMatch(/^Pages:\s+2$/m);
    const read = text(pdf).replace(/\s+/g, ' ');
    for (const i of [0, 12, 24]) expect(read).toContain(`Champ ${i} : valeur ${i}`);
    expect(read).toContain('الأجل القانوني للرد');
    const page = (n: number) =>
      stripMarks(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdfFile(pdf), '-']).toString('utf8')).replace(/\s+/g, ' ');
    expect(page(1)).toContain('Champ 0 : valeur 0');
    // What did not fit went on: the deadline box and the tracking page are on the second page.
    expect(page(1)).not.toContain(long.trackUrl);
    expect(page(2)).toContain(long.trackUrl);
    expect(page(2)).toContain('الأجل القانوني للرد');
  });
});
