import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, eventually, launchBrowser, login, newPage, PHONE, readSms } from '../support';
import { assertAccessible, uniqueCitizen, words } from './helpers';

type Lang = 'ar' | 'fr';

/** A walk-in citizen created at the counter with their language, and a request an agent filed for them. */
async function filedFor(lang: Lang): Promise<{ cin: string; phone: string; trackingCode: string }> {
  const agent = await login('agent1');
  const who = uniqueCitizen();
  const hoods = await api<{ id: string }[] | { items: { id: string }[] }>('/neighbourhoods');
  const neighbourhoodId = (Array.isArray(hoods.body) ? hoods.body : hoods.body.items)[0].id;
  const created = await api<{ id: string }>('/citizens', {
    token: agent,
    body: {
      cin: who.cin,
      firstName: 'Salma',
      lastName: 'Idrissi',
      firstNameAr: 'سلمى',
      lastNameAr: 'الإدريسي',
      birthDate: '1990-04-12',
      sex: 'F',
      phone: who.e164,
      neighbourhoodId,
      preferredLanguage: lang,
      preferredChannel: 'sms',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const r = await api<{ trackingCode: string }>('/requests', {
    token: agent,
    headers: { 'idempotency-key': `sms-link-${who.cin}` },
    body: { procedureCode: 'CELIBACY', citizenId: created.body.id, form: { purpose: 'bank' } },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { cin: who.cin, phone: who.e164, trackingCode: r.body.trackingCode };
}

describe('the tracking link in the SMS', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  for (const lang of ['fr', 'ar'] as const) {
    it(`opens tracking with the code filled in, from the ${lang} SMS, and asks only the CIN`, async () => {
      const w = words(lang);
      const filed = await filedFor(lang);
      const sms = await eventually(async () => readSms().find((m) => m.to === filed.phone && m.template === 'request.received'));
      assert.equal(sms.language, lang);
      // The link as a phone would find it in the text: the last http(s) address.
      const link = /https?:\/\/\S+$/.exec(sms.text.trim())?.[0];
      assert.ok(link, `a link in: ${sms.text}`);
      assert.equal(new URL(link).pathname, `/t/${filed.trackingCode}`);
      // A phone whose browser speaks the SMS's language opens it for the first time.
      const page = await newPage(browser, PHONE, lang === 'ar' ? 'ar-MA' : 'fr-MA');
      await page.goto(link);
      await page.getByRole('heading', { name: w('track.title'), level: 1 }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal(await page.getByRole('textbox', { name: w('track.code') }).inputValue(), filed.trackingCode);
      const cin = page.getByRole('textbox', { name: w('track.cin') });
      assert.ok(await cin.evaluate((e) => e === (globalThis as any).document.activeElement), 'the CIN field has the focus');
      await cin.fill(filed.cin);
      await page.getByRole('button', { name: w('track.search') }).click();
      await page.locator('.result').getByText(w('state.submitted'), { exact: true }).waitFor();
      await assertAccessible(page, `tracking from the SMS link (${lang})`);
      await page.context().close();
    });
  }

  it('starts a first visit in the browser language, and a ?lang= link is remembered', async () => {
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto('/');
    await page.getByRole('heading', { name: words('ar')('guide.title') }).waitFor();
    assert.deepEqual([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')], ['ar', 'rtl']);
    await page.goto('/track?lang=en');
    await page.getByRole('heading', { name: words('en')('track.title'), level: 1 }).waitFor();
    await page.goto('/');
    await page.getByRole('heading', { name: words('en')('guide.title') }).waitFor();
    await page.context().close();
  });
});
