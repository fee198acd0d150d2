import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { api, BASE_URL, KIOSK, launchBrowser, login, newPage, readSms, screenshot } from '../support';
import { assertAccessible, choose, openKiosk, otpFor, typeOnKeypad, words } from './helpers';

const w = words('fr');
const ar = words('ar');
const DEMO_PHONE = '+212612345678';

/** A firearm-licence dossier taken at the counter for the demo citizen (the kiosk tracks it like any other). */
async function firearmDossier(): Promise<string> {
  const me = await api<{ id: string }>('/me', { token: await login('BK123456') });
  const r = await api<{ trackingCode: string }>('/requests', {
    token: await login('agent1'),
    headers: { 'idempotency-key': `kiosk-spec-${Date.now()}` },
    body: { procedureCode: 'FIREARM', citizenId: me.body.id, form: { weaponType: 'shotgun', huntingPermitNumber: 'PC-2026-118' } },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.trackingCode;
}

describe('kiosk (GAU touchscreen)', () => {
  let browser: Browser;
  let page: Page;
  let trackingCode: string;
  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, KIOSK);
    trackingCode = await firearmDossier();
  });
  after(async () => browser?.close());

  it('tracks a firearm-licence dossier typed on the keypad, then forgets it all when left alone', async () => {
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    await openKiosk(page, 5);
    assert.ok(
      loaded.some((p) => /\/assets\/kiosk-[\w-]+\.js$/.test(p)),
      'the kiosk is its own chunk',
    );
    await assertAccessible(page, 'kiosk start');
    await page.getByRole('button', { name: w('track.title') }).click();
    await page.getByRole('textbox', { name: w('track.code') }).click();
    await typeOnKeypad(page, trackingCode);
    await page.getByRole('textbox', { name: w('track.cin') }).click();
    await typeOnKeypad(page, 'BK123457');
    await page.getByRole('button', { name: w('kiosk.backspace') }).click();
    await typeOnKeypad(page, '6');
    assert.equal(await page.getByRole('textbox', { name: w('track.cin') }).inputValue(), 'BK123456');
    await page.getByRole('button', { name: w('track.search') }).click();
    const result = page.locator('.result');
    await result.getByText(w('state.submitted'), { exact: true }).waitFor();
    await result.getByText("Dépôt de demande de permis de port d'arme").waitFor();
    await screenshot(page, 'citizen-kiosk-fr');
    await assertAccessible(page, 'kiosk tracking result');
    // Public screen: nothing personal.
    assert.doesNotMatch(await page.locator('body').innerText(), /Amina|Berrada|أمينة|612345678|rue Al Qods/);
    for (const b of [page.getByRole('button', { name: w('track.search') }), page.getByRole('button', { name: '7', exact: true })]) {
      const box = await b.boundingBox();
      assert.ok(box && box.height >= 72 && box.width >= 72, 'touch targets at least 72 px');
    }
    // Nobody touches it: back to the start screen, the fields and the result gone.
    await result.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('heading', { name: w('kiosk.welcome') }).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(trackingCode));
    // The next person opens the same form: empty, no result.
    await page.getByRole('button', { name: w('track.title') }).click();
    assert.equal(await page.getByRole('textbox', { name: w('track.code') }).inputValue(), '');
    assert.equal(await page.getByRole('textbox', { name: w('track.cin') }).inputValue(), '');
    assert.equal(await page.locator('.result').count(), 0);
  });

  it('keeps what is typed on the keypad for longer than the idle time, then warns before it resets', async () => {
    // The page's clock is driven by the test (Playwright's clock): ?idle=60 warns for the last 20 s.
    // A key every 20 s for 160 s (far past the idle time): each key restarts the timer. Then the
    // warning stays 15 s on screen whatever the machine's load, long enough to audit and answer it.
    const touch = await browser.newContext({ viewport: KIOSK, locale: 'fr-MA', baseURL: BASE_URL, hasTouch: true });
    await touch.clock.install();
    const page = await touch.newPage();
    await openKiosk(page, 60);
    await page.getByRole('button', { name: w('kiosk.certificate') }).tap();
    const cin = page.getByRole('textbox', { name: w('track.cin') });
    for (const ch of 'BK123456') {
      await page
        .getByRole('group', { name: /Clavier/ })
        .getByRole('button', { name: ch, exact: true })
        .tap();
      await page.clock.fastForward(20_000);
    }
    assert.equal(await cin.inputValue(), 'BK123456', 'the keypad keys kept the kiosk awake');
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'no warning while someone types');
    // Left alone: a visible countdown first, then the start screen with the field gone.
    const warning = page.getByRole('alertdialog', { name: w('kiosk.stillThere') });
    await page.clock.fastForward(25_000);
    await warning.waitFor();
    assert.match(await warning.innerText(), /Retour à l’accueil dans \d+ seconde/);
    await assertAccessible(page, 'kiosk still there');
    // "Oui, continuer" keeps the person's work.
    await warning.getByRole('button', { name: w('kiosk.continue') }).tap();
    await warning.waitFor({ state: 'detached' });
    assert.equal(await cin.inputValue(), 'BK123456');
    await page.clock.fastForward(45_000);
    await warning.waitFor();
    await page.clock.fastForward(20_000);
    await page.getByRole('heading', { name: w('kiosk.welcome') }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: w('track.cin') }).count(), 0);
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'the start screen does not count down');
    await touch.close();
  });

  it('files a simple certificate after the citizen confirms the SMS code sent to their phone', async () => {
    await openKiosk(page, 60);
    await page.getByRole('button', { name: w('kiosk.certificate') }).click();
    await typeOnKeypad(page, 'BK123456');
    const sent = readSms().length;
    await page.getByRole('button', { name: w('kiosk.sendCode') }).click();
    // The same words whether or not the CIN is known (no phone, not even masked): the SMS tells the owner.
    await page.getByText(w('kiosk.codeSentUnknown')).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /612345678|Amina|Berrada/);
    await assertAccessible(page, 'kiosk code');
    const code = await otpFor(DEMO_PHONE, sent);
    await typeOnKeypad(page, code);
    await page.getByRole('button', { name: w('kiosk.confirmCode') }).click();
    await choose(page, 'Certificat de célibat');
    await choose(page, 'Dossier bancaire');
    await assertAccessible(page, 'kiosk certificate choice');
    await page.getByRole('button', { name: w('request.submit') }).click();
    await page.getByRole('heading', { name: w('done.title') }).waitFor();
    const filed = (await page.locator('.tracking-code').innerText()).trim();
    assert.match(filed, /^BRK5-\d{4}-\d{6}$/);

    const mine = await api<{
      items: { id: string; trackingCode: string; channel: string; procedureCode: string }[];
    }>('/requests', { token: await login('BK123456') });
    const request = mine.body.items.find((r) => r.trackingCode === filed);
    assert.deepEqual(request && [request.channel, request.procedureCode], ['kiosk', 'CELIBACY']);
    // List rows carry list columns only; the form is on the request itself.
    const full = await api<{ form: Record<string, string> }>(`/requests/${request!.id}`, { token: await login('BK123456') });
    assert.equal(full.body.form.purpose, 'bank');

    // A receipt in every channel (law 55-19): the screen shows the one the API issued for this filing.
    const receipt = (
      await api<{ number: string; legalDeadline: string; filed: { key: string; value: string }[] }>(`/requests/${request!.id}/receipt`, {
        token: await login('BK123456'),
      })
    ).body;
    const shown = page.locator('.receipt');
    await shown.getByRole('heading', { name: w('receipt.title') }).waitFor();
    assert.equal((await shown.locator('.receipt-number').innerText()).trim(), receipt.number);
    assert.match(receipt.number, /^BRK5-\d{4}-R-\d+$/);
    assert.equal(await shown.locator('.receipt-deadline time').getAttribute('datetime'), receipt.legalDeadline);
    assert.ok(receipt.filed.length > 0, 'the receipt lists what was filed');
    const filedText = await shown.getByRole('list').first().innerText();
    for (const f of receipt.filed) assert.ok(filedText.includes(f.value), `the screen lists ${f.key}: ${filedText}`);
    // No printer or download at the GAU: the receipt is on screen only.
    assert.equal(await shown.getByRole('button').count(), 0);
    await assertAccessible(page, 'kiosk receipt');
    await screenshot(page, 'citizen-kiosk-receipt-fr');
    // In the kiosk's language: switched to Arabic, the same receipt speaks Arabic, right to left.
    await page.getByRole('button', { name: 'العربية' }).click();
    await shown.getByRole('heading', { name: ar('receipt.title') }).waitFor();
    await shown.getByText(ar('receipt.deadline')).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal((await shown.locator('.receipt-number').innerText()).trim(), receipt.number);
    await assertAccessible(page, 'kiosk receipt (ar)');
    await page.getByRole('button', { name: 'Français' }).click();
    await shown.getByRole('heading', { name: w('receipt.title') }).waitFor();

    // Done: the next person sees the start screen, and the citizen's session is gone with it.
    await page.getByRole('button', { name: w('kiosk.finish') }).click();
    await page.getByRole('heading', { name: w('kiosk.welcome') }).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(filed));
    // The next person starts from an empty CIN, with no code sent.
    await page.getByRole('button', { name: w('kiosk.certificate') }).click();
    assert.equal(await page.getByRole('textbox', { name: w('track.cin') }).inputValue(), '');
    assert.equal(await page.getByRole('textbox', { name: w('kiosk.code') }).count(), 0);
  });
  it('books an appointment for the citizen signed in by CIN and SMS code: the code and its QR are shown, the slot has one place less', async () => {
    await openKiosk(page, 60);
    await page.getByRole('button', { name: w('kiosk.book') }).click();
    await page.getByRole('heading', { name: w('kiosk.book') }).waitFor();
    await typeOnKeypad(page, 'BK123456');
    const sent = readSms().length;
    await page.getByRole('button', { name: w('kiosk.sendCode') }).click();
    await page.getByText(w('kiosk.codeSentUnknown')).waitFor();
    await typeOnKeypad(page, await otpFor(DEMO_PHONE, sent));
    await page.getByRole('button', { name: w('kiosk.confirmCode') }).click();
    // Nothing chosen: the summary says what to choose.
    await page.getByRole('button', { name: w('appointments.confirm') }).click();
    await page.locator('#kiosk-book-procedure .field-error').waitFor();
    await choose(page, 'Certificat de résidence');
    await page.locator('#kiosk-book-day label.radio').first().click();
    await page.locator('#kiosk-book-time label.radio').first().click();
    const startsAt = (await page.locator('#kiosk-book-time input[type=radio]:checked').getAttribute('value'))!;
    const freeOf = async () =>
      (
        await api<{ slots: { startsAt: string; free: number }[] }>(`/appointments/slots?procedure=RESIDENCE&to=${startsAt.slice(0, 10)}`)
      ).body.slots.find((s) => s.startsAt === startsAt)?.free ?? 0;
    const before = await freeOf();
    assert.ok(before >= 1);
    await assertAccessible(page, 'kiosk booking');
    await page.getByRole('button', { name: w('appointments.confirm') }).click();
    await page.getByRole('heading', { name: w('appointments.booked') }).waitFor();
    const code = (await page.locator('.tracking-code').getAttribute('data-code'))!;
    assert.equal((await page.locator('.tracking-code').innerText()).trim(), code);
    await page.getByRole('img', { name: new RegExp(code) }).waitFor();
    assert.equal(await freeOf(), before - 1, 'the slot has one place less');
    const citizen = await login('BK123456');
    const mine = await api<{ items: { id: string; code: string; state: string; startsAt: string }[] }>('/me/appointments', {
      token: citizen,
    });
    const booking = mine.body.items.find((a) => a.code === code);
    assert.deepEqual(booking && [booking.state, booking.startsAt], ['booked', startsAt]);
    // Done: the start screen again, nothing of the booking left on it.
    await page.getByRole('button', { name: w('kiosk.finish') }).click();
    await page.getByRole('heading', { name: w('kiosk.welcome') }).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(code));
    // Leave the citizen free to book again in the other specs.
    assert.equal((await api(`/appointments/${booking!.id}`, { method: 'DELETE', token: citizen })).status, 200);
  });
});
