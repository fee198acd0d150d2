import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DEMO_PASSWORD, launchBrowser, login, newPage, PHONE, screenshot } from '../support';
import { answerSignup, assertAccessible, catalogue, choose, words } from './helpers';
import { parse } from '@formatjs/icu-messageformat-parser';

describe('citizen app: guide, sign-in, profile, catalogues', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('has the same messages in Arabic, French and English, each a valid ICU message', () => {
    const [ar, fr, en] = (['ar', 'fr', 'en'] as const).map(catalogue);
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(fr).sort());
    assert.deepEqual(Object.keys(en).sort(), Object.keys(fr).sort());
    for (const m of [ar, fr, en]) for (const [id, text] of Object.entries(m)) assert.doesNotThrow(() => parse(text), id);
    // Arabic plurals have their six forms where a count is spoken.
    for (const f of ['zero', 'one', 'two', 'few', 'many', 'other']) assert.match(ar['procedure.hours'], new RegExp(`\\b${f} \\{`));
  });

  it('browses, searches and filters the guide, and opens a procedure (French, 360 px)', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await page.goto('/');
    await page.getByRole('heading', { name: 'Certificat de résidence' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    assert.equal(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth), 360, 'nothing wider than the phone');
    await screenshot(page, 'citizen-guide-fr');
    await assertAccessible(page, 'guide');

    await page.getByLabel(w('guide.search')).fill('passeport');
    await page.getByRole('button', { name: w('guide.searchButton') }).click();
    await page.waitForURL(/\?q=passeport/);
    await page.getByRole('heading', { name: 'Certificat de résidence' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /passeport/i }).waitFor();

    await page.getByLabel(w('guide.search')).fill('');
    await page.getByLabel(w('guide.category')).selectOption({ label: 'État civil' });
    await page.getByRole('button', { name: w('guide.searchButton') }).click();
    await page.getByRole('link', { name: 'Certificat de célibat' }).waitFor();
    await page.getByRole('link', { name: 'Certificat de résidence' }).waitFor({ state: 'detached' });

    await page.goto('/procedures/FIREARM');
    await page.getByRole('heading', { name: /permis de port d'arme/ }).waitFor();
    const text = await page.locator('main').innerText();
    for (const s of [
      w('procedure.documents'),
      w('procedure.fee'),
      w('procedure.delay'),
      w('procedure.channels'),
      w('channel.counter'),
      w('procedure.notOnline'),
    ])
      assert.ok(text.includes(s), s);
    await assertAccessible(page, 'procedure page');
    await page.context().close();
  });

  it('answers a registered CIN exactly as an unknown one: the code page, no message that tells a stranger the account exists', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await page.goto('/signup');
    await answerSignup(page, 'fr', { cin: 'bk 123456', phone: '0612000000' });
    await page.getByRole('button', { name: w('signup.send') }).click();
    // Issue 19: the SMS (sent only to the real holder, or not at all) tells the owner; the screen does not.
    await page.getByRole('heading', { name: w('signup.codeTitle') }).waitFor();
    assert.equal(await page.locator('.error-summary').count(), 0);
    assert.equal(await page.getByText(w('error.unique').replace('{field}', w('signup.cin'))).count(), 0);
    await assertAccessible(page, 'sign-up code page');
    await page.context().close();
  });

  it('signs in, changes the alert preferences (kept by the API), and signs out', async () => {
    const page = await newPage(browser, PHONE);
    const w = words('fr');
    await page.goto('/profile');
    // Signed out: the sign-in page, then back to the profile.
    await page.waitForURL(/\/login\?next=%2Fprofile/);
    await page.getByRole('button', { name: w('login.submit') }).click();
    await page.locator('.error-summary').getByRole('link').first().waitFor();
    await page.getByLabel(w('login.login')).fill('BK123456');
    await page.getByLabel(w('login.password')).fill('wrong password');
    await page.getByRole('button', { name: w('login.submit') }).click();
    await page.locator('.error-summary').getByText(w('login.wrong')).waitFor();
    await page.getByLabel(w('login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: w('login.submit') }).click();
    await page.getByRole('heading', { name: w('profile.title') }).waitFor();
    await assertAccessible(page, 'profile');

    await choose(page, w('channelPref.sms'));
    await choose(page, w('lang.en'));
    await page.getByRole('button', { name: w('profile.save') }).click();
    await page.getByText(w('profile.saved')).waitFor();
    const me = await api<{ profile: { preferredChannel: string; preferredLanguage: string } }>('/me', { token: await login('BK123456') });
    assert.equal(me.body.profile.preferredChannel, 'sms');
    assert.equal(me.body.profile.preferredLanguage, 'en');
    // Still there after a reload (the session survives it; the form shows what the API holds).
    await page.reload();
    assert.equal(await page.getByRole('radio', { name: w('channelPref.sms'), exact: true }).isChecked(), true);
    // Put the demo citizen back as the seed made them.
    await choose(page, w('channelPref.both'));
    await choose(page, w('lang.fr'));
    await page.getByRole('button', { name: w('profile.save') }).click();
    await page.getByText(w('profile.saved')).waitFor();

    const refreshToken = await page.evaluate(() => (globalThis as any).localStorage.getItem('annex.refreshToken'));
    await page.getByRole('button', { name: w('nav.logout') }).click();
    await page.getByRole('link', { name: w('nav.login') }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as any).localStorage.getItem('annex.refreshToken')), null);
    assert.equal((await api('/auth/refresh', { body: { refreshToken } })).status, 401, 'the session is revoked');
    await page.context().close();
  });
});
