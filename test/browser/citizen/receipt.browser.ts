import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, DEMO_PASSWORD, launchBrowser, login, newPage, PHONE, screenshot } from '../support';
import { assertAccessible, assertFits, Lang, words } from './helpers';

const text = (fr: string, ar: string) => ({ ar, fr, en: fr });

/** A guide entry with a legal delay of 5 working days (law 55-19), filed on the web. */
const PROCEDURE = {
  code: 'LAW_RECEIPT',
  category: 'residence',
  name: text('Attestation de vie collective', 'شهادة الحياة الجماعية'),
  description: text('Attestation délivrée dans le délai légal', 'شهادة تسلم داخل الأجل القانوني'),
  documents: [
    { code: 'CIN', name: text('Carte nationale', 'البطاقة الوطنية'), description: text('Copie', 'نسخة'), providedBy: 'citizen' },
    {
      code: 'BIRTH_EXTRACT',
      name: text("Extrait d'acte de naissance", 'نسخة من رسم الولادة'),
      description: text("Obtenu auprès de l'état civil", 'من الحالة المدنية'),
      providedBy: 'administration',
      source: { administration: text('État civil', 'الحالة المدنية'), route: 'etat-civil/extrait' },
    },
  ],
  feeMad: 0,
  slaHours: 8,
  channels: ['web', 'counter'],
  inPerson: false,
  external: false,
  fields: [{ key: 'motive', type: 'text', required: true, label: text('Motif de la demande', 'سبب الطلب') }],
  issuesCertificate: false,
  legalFrame: {
    maxDelayWorkingDays: 5,
    delaySource: 'decree',
    feePayment: null,
    silenceMeansAcceptance: true,
    appealRoute: text('Recours gracieux auprès du pachalik', 'تظلم لدى الباشوية'),
    refusalGrounds: [{ code: 'INCOMPLETE', label: text('Dossier incomplet', 'ملف ناقص') }],
    changeReference: 'Décret 2-20-660',
  },
};

async function signIn(page: Page, lang: Lang, next: string): Promise<void> {
  const w = words(lang);
  await page.goto(`/login?next=${encodeURIComponent(next)}&lang=${lang}`);
  await page.getByLabel(w('login.login')).fill('BK123456');
  await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: w('login.submit') }).click();
}

/** Prints the page (print media): only the receipt is left, and Chromium makes a PDF of it. */
async function printed(page: Page): Promise<{ visible: string; pdf: Buffer }> {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.locator('header').first().isVisible(), false, 'the site header is not printed');
    assert.equal(await page.locator('.receipt .actions').isVisible(), false, 'the buttons are not printed');
    const visible = await page.locator('main').innerText();
    return { visible, pdf: await page.pdf({ format: 'A4' }) };
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

describe('citizen app: the récépissé of a filed request (law 55-19), in French and Arabic', () => {
  let browser: Browser;
  let expected: { number: string; deadline: string };
  let requestId: string;
  before(async () => {
    browser = await launchBrowser();
    const admin = await login('admin');
    const created = await api('/procedures', { token: admin, body: PROCEDURE });
    assert.ok(created.status === 201 || created.status === 409, `procedure: ${created.status}`);
  });
  after(async () => browser?.close());

  it('shows the receipt at once on the confirmation page, printable, with its PDF (French)', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await signIn(page, 'fr', '/procedures/LAW_RECEIPT/request');
    await page.getByLabel('Motif de la demande').fill('inscription scolaire');
    await page.getByRole('button', { name: w('continue') }).click();
    await page.getByRole('heading', { name: w('check.title') }).waitFor();
    await page.getByRole('button', { name: w('request.submit') }).click();
    await page.getByRole('heading', { name: w('done.title') }).waitFor();
    const receipt = page.locator('.receipt');
    await receipt.getByRole('heading', { name: w('receipt.title') }).waitFor();

    // The same receipt as the API's, deadline included.
    const number = (await receipt.locator('.receipt-number').innerText()).trim();
    assert.match(number, /^BRK5-\d{4}-R-\d{6}$/);
    const mine = await api<{ items: { id: string; trackingCode: string }[] }>('/requests?limit=5', { token: await login('BK123456') });
    const filed = mine.body.items.find((r) => r.trackingCode === number.replace('-R-', '-'))!;
    requestId = filed.id;
    const json = await api<{ number: string; legalDeadline: string }>(`/requests/${requestId}/receipt`, { token: await login('BK123456') });
    expected = { number: json.body.number, deadline: json.body.legalDeadline };
    assert.equal(number, json.body.number);
    const deadlineFr = new Intl.DateTimeFormat('fr-MA-u-nu-latn', { dateStyle: 'long', timeZone: 'Africa/Casablanca' }).format(
      new Date(expected.deadline),
    );
    const shown = await receipt.innerText();
    for (const s of [
      deadlineFr,
      '5 jours ouvrables',
      'inscription scolaire',
      "Extrait d'acte de naissance",
      w('receipt.obtained'),
      w('receipt.silence'),
      'pachalik',
    ]) {
      assert.ok(shown.includes(s), `${s} in the receipt: ${shown}`);
    }
    await receipt.scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-receipt-fr');
    await assertAccessible(page, 'confirmation with receipt');
    await assertFits(page, 'confirmation with receipt');

    const print = await printed(page);
    assert.ok(print.visible.includes(number) && print.visible.includes(deadlineFr), 'the receipt is printed');
    assert.equal(print.pdf.subarray(0, 5).toString(), '%PDF-');

    const download = page.waitForEvent('download');
    await receipt.getByRole('button', { name: w('receipt.pdf') }).click();
    const pdf = readFileSync((await (await download).path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    await page.context().close();
  });

  it('explains on the guide page of an abolished certificate what to do instead, with no way to request it', async () => {
    const admin = await login('admin');
    const gone = {
      ...PROCEDURE,
      code: 'LAW_ABOLISHED',
      abolished: {
        since: '2020-03-19',
        reference: 'Loi 55-19, art. 6',
        instead: text('Présentez simplement votre CIN au guichet', 'قدموا بطاقتكم الوطنية فقط'),
      },
    };
    const created = await api('/procedures', { token: admin, body: gone });
    assert.ok(created.status === 201 || created.status === 409, `procedure: ${created.status}`);
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await page.goto('/procedures/LAW_ABOLISHED?lang=fr');
    await page.getByText('Présentez simplement votre CIN au guichet').waitFor();
    const shown = await page.locator('main').innerText();
    assert.ok(shown.includes('n’est plus exigé depuis le 19 mars 2020'), shown);
    assert.ok(shown.includes('Loi 55-19, art. 6'));
    assert.equal(await page.getByRole('link', { name: w('procedure.start') }).count(), 0);
    await assertAccessible(page, 'abolished procedure');
    await page.context().close();
  });

  it('shows the same receipt right to left in Arabic on the request page, and prints it', async () => {
    const page = await newPage(browser, PHONE, 'ar-MA');
    const w = words('ar');
    await signIn(page, 'ar', `/requests/${requestId}`);
    const receipt = page.locator('.receipt');
    await receipt.getByRole('heading', { name: w('receipt.title') }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as any).document.documentElement.dir), 'rtl');
    assert.equal((await receipt.locator('.receipt-number').innerText()).trim(), expected.number);
    const deadlineAr = new Intl.DateTimeFormat('ar-MA-u-nu-latn', { dateStyle: 'long', timeZone: 'Africa/Casablanca' }).format(
      new Date(expected.deadline),
    );
    const shown = await receipt.innerText();
    for (const s of [deadlineAr, 'نسخة من رسم الولادة', w('receipt.obtained'), w('receipt.silence'), 'تظلم لدى الباشوية'])
      assert.ok(shown.includes(s), `${s} in ${shown}`);
    await receipt.scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-receipt-ar');
    await assertAccessible(page, 'request page with receipt (ar)');
    await assertFits(page, 'request page with receipt (ar)');
    const print = await printed(page);
    assert.ok(print.visible.includes(expected.number) && print.visible.includes(deadlineAr));
    assert.ok(!print.visible.includes(w('timeline.title')), 'the timeline is not printed');
    assert.equal(print.pdf.subarray(0, 5).toString(), '%PDF-');
    await page.context().close();
  });
});
