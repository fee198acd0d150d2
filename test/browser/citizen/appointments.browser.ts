import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jsQR from 'jsqr';
import { Pool } from 'pg';
import { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { api, DEMO_PASSWORD, DESKTOP, eventually, KIOSK, launchBrowser, login, newPage, PHONE, readSms } from '../support';
import { displayScreen, signIn as staffSignIn } from '../agent/helpers';
import { assertAccessible, assertFits, choose, openKiosk, otpFor, typeOnKeypad, uniqueCitizen, words } from './helpers';

const ar = words('ar');
const fr = words('fr');

/** What a QR reader sees: the element's pixels, decoded. */
async function readQr(qr: Locator): Promise<string> {
  const png = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a readable QR code');
  return code.data;
}

/** A citizen who signed up (code by SMS) with Arabic as their language. */
async function arabicCitizen(): Promise<{ cin: string; e164: string; password: string }> {
  const who = uniqueCitizen();
  const [nb] = (await api<{ items: { id: string }[] }>('/neighbourhoods')).body.items;
  const before = readSms().length;
  const started = await api<{ signupId: string }>('/auth/signup', {
    body: {
      cin: who.cin,
      phone: who.phone,
      firstName: 'Salma',
      lastName: 'Tazi',
      firstNameAr: 'سلمى',
      lastNameAr: 'التازي',
      birthDate: '1992-03-15',
      sex: 'F',
      neighbourhoodId: nb.id,
      preferredLanguage: 'ar',
      preferredChannel: 'sms',
    },
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const code = await otpFor(who.e164, before);
  const password = 'un-mot-de-passe-long';
  assert.equal((await api('/auth/signup/verify', { body: { signupId: started.body.signupId, code, password } })).status, 201);
  return { cin: who.cin, e164: who.e164, password };
}

describe('appointments: booked on a phone, checked in at the kiosk, called at the counter, shown on the display', () => {
  let browser: Browser;
  let pool: Pool;
  const booked: { code: string; qr: string }[] = [];
  before(async () => {
    browser = await launchBrowser();
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  });
  after(async () => {
    await pool?.end();
    await browser?.close();
  });

  it('a citizen books a passport-dossier visit in Arabic on a phone and receives the SMS with its code', async () => {
    const c = await arabicCitizen();
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto(`/login?next=${encodeURIComponent('/appointments')}`);
    await page.getByLabel(ar('login.login')).fill(c.cin);
    await page.getByLabel(ar('login.password')).fill(c.password);
    await page.getByRole('button', { name: ar('login.submit') }).click();
    await page.getByRole('heading', { name: ar('appointments.title') }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as any).document.documentElement.dir), 'rtl');
    await page.getByText(ar('appointments.none')).waitFor();
    // On the day, a ticket from the phone instead: its own form (procedure, then the button).
    const ticket = page.locator('.take-ticket');
    await ticket.getByRole('heading', { name: ar('appointments.ticket.title') }).waitFor();
    await ticket.getByRole('button', { name: ar('appointments.ticket.take') }).click();
    assert.ok((await ticket.locator('.field-error').innerText()).includes(ar('appointments.procedure')));
    // Nothing chosen: the error summary says so.
    await page.getByRole('button', { name: ar('appointments.continue') }).click();
    await page.getByRole('alert').getByRole('link').first().waitFor();
    const passport = (await api<{ name: { ar: string } }>('/procedures/PASSPORT')).body.name.ar;
    await choose(page, passport);
    await page.getByRole('button', { name: ar('appointments.continue') }).click();
    const day = page.getByLabel(ar('appointments.day'));
    await day.waitFor();
    await day.selectOption({ index: 1 });
    const times = page.getByRole('radiogroup', { name: ar('appointments.time') });
    await times.locator('label').first().click();
    await assertFits(page, 'booking (ar, phone)');
    await assertAccessible(page, 'booking (ar)');
    await page.getByRole('button', { name: ar('appointments.confirm') }).click();
    await page.getByRole('heading', { name: ar('appointments.booked') }).waitFor();
    const code = (await page.locator('.confirmation .booking-code').innerText()).trim();
    assert.match(code, /^[A-Z0-9]{8}$/);
    // The QR on the phone carries the code the kiosk's reader will read.
    const qr = await readQr(page.locator('.confirmation .qr'));
    assert.equal(qr, code);
    booked.push({ code, qr });
    const sms = await eventually(async () =>
      readSms().find((m) => m.to === c.e164 && m.template === 'appointment.booked' && m.text.includes(code)),
    );
    assert.equal(sms.language, 'ar');
    assert.match(sms.text, /[\u0600-\u06FF]/);
    // The list shows it, booked, with a way to cancel.
    await page
      .locator(`.appointments [data-code="${code}"]`)
      .getByRole('button', { name: ar('appointments.cancel') })
      .waitFor();
    await page.context().close();
  });

  it('the kiosk checks visits in by QR and by typed code; the counter calls the appointment; the display marks it', async () => {
    assert.equal(booked.length, 1, 'the booking of the first test');
    // A second visit, booked at reception for the demo citizen.
    const reception = await login('reception');
    const demo = await api<{ id: string }>('/me', { token: await login('BK123456') });
    const slots = await api<{ slots: { startsAt: string }[] }>('/appointments/slots?procedure=PASSPORT');
    const second = await api<{ code: string }>('/appointments', {
      token: reception,
      headers: { 'idempotency-key': `browser-${Date.now()}` },
      body: { procedureCode: 'PASSPORT', startsAt: slots.body.slots.at(-1)!.startsAt, citizenId: demo.body.id },
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    // The day of both visits has come: their time is now (arranged in the database, as a clock would).
    const moveTo = (code: string, minutesAgo: number) =>
      pool.query(
        `UPDATE appointment SET starts_at = now() - make_interval(mins => $2), ends_at = now() + make_interval(mins => 20 - $2) WHERE code = $1`,
        [code, minutesAgo],
      );
    await moveTo(booked[0].code, 2);
    await moveTo(second.body.code, 1);
    // Group B's queue starts empty, so the panel's next call is ours.
    const agent = await login('agent2', DEMO_PASSWORD, 3);
    while ((await api('/counters/3/call-next', { token: agent, body: { groups: ['B'] } })).status === 200);

    const kiosk = await newPage(browser, KIOSK);
    await openKiosk(kiosk, 120);
    await kiosk.getByRole('button', { name: fr('kiosk.appointment') }).click();
    await kiosk.getByRole('heading', { name: fr('kiosk.appointment') }).waitFor();
    await assertAccessible(kiosk, 'kiosk check-in');
    // The QR reader is a keyboard: it types what it read into the focused field and presses Enter.
    await kiosk.keyboard.type(booked[0].qr);
    await kiosk.keyboard.press('Enter');
    await kiosk.getByRole('heading', { name: fr('kiosk.yourTicket') }).waitFor();
    const first = (await kiosk.locator('.ticket-number').getAttribute('data-number'))!;
    assert.match(first, /^B-\d{3}$/);
    // Once is enough: the same code again is refused in plain words.
    await kiosk.getByRole('button', { name: fr('kiosk.home') }).click();
    await kiosk.getByRole('button', { name: fr('kiosk.appointment') }).click();
    await typeOnKeypad(kiosk, booked[0].code);
    await kiosk.getByRole('button', { name: fr('kiosk.checkIn') }).click();
    await kiosk.getByRole('alert').getByText(fr('kiosk.appointmentDone')).waitFor();
    // The second visitor types the code on the keypad.
    await kiosk.getByRole('button', { name: fr('kiosk.home') }).click();
    await kiosk.getByRole('button', { name: fr('kiosk.appointment') }).click();
    await typeOnKeypad(kiosk, second.body.code);
    await kiosk.getByRole('button', { name: fr('kiosk.checkIn') }).click();
    await kiosk.getByRole('heading', { name: fr('kiosk.yourTicket') }).waitFor();
    const other = (await kiosk.locator('.ticket-number').getAttribute('data-number'))!;
    assert.notEqual(other, first);
    await kiosk.context().close();

    const screen = await displayScreen(browser);

    const panel: Page = await newPage(browser, DESKTOP);
    await staffSignIn(panel, 'agent2', 3);
    await panel.getByRole('link', { name: 'Guichet', exact: true }).click();
    await panel.getByRole('heading', { name: 'Guichet 3' }).waitFor();
    await panel.getByRole('button', { name: /Appeler le suivant|Terminer et appeler le suivant/ }).click();
    await panel.locator(`.current-ticket .ticket-number[data-number="${first}"]`).waitFor();
    // The panel shows the booking: its time, procedure and code.
    const note = panel.locator('.current-ticket .appointment-note');
    await note.getByText(/Rendez-vous de/).waitFor();
    assert.match(await note.innerText(), new RegExp(`PASSPORT.*${booked[0].code}`, 's'));
    // The display shows it, marked as an appointment.
    const now = screen.locator(`.now[data-number="${first}"][data-appointment]`);
    await now.waitFor();
    assert.match(await now.innerText(), /موعد/);
    assert.match(await now.innerText(), /Rendez-vous/);
    await panel.context().close();
    await screen.context().close();
  });
  it("without an account: the CIN and phone on file, the code from the SMS, the code and QR of the booking; the reminder's link cancels it in one tap", async () => {
    const c = await arabicCitizen();
    const page = await newPage(browser, PHONE, 'fr-MA');
    await page.goto('/appointments');
    await page.getByRole('heading', { name: fr('appointments.guest.title') }).waitFor();
    // Not sent to the sign-in page, and nobody's list is shown.
    assert.equal(new URL(page.url()).pathname, '/appointments');
    assert.equal(await page.getByText(fr('appointments.none')).count(), 0);
    const passport = (await api<{ name: { fr: string } }>('/procedures/PASSPORT')).body.name.fr;
    await choose(page, passport);
    await page.getByRole('button', { name: fr('appointments.continue') }).click();
    const day = page.getByLabel(fr('appointments.day'));
    await day.waitFor();
    await day.selectOption({ index: 1 });
    await page
      .getByRole('radiogroup', { name: fr('appointments.time') })
      .locator('label')
      .first()
      .click();
    await page.getByRole('button', { name: fr('appointments.confirm') }).click();
    // A phone that is not a mobile number is refused on the form, naming the field.
    await page.getByLabel(fr('appointments.guest.cin')).fill(c.cin.toLowerCase());
    await page.getByLabel(fr('appointments.guest.phone')).fill('12345');
    await page.getByRole('button', { name: fr('appointments.guest.send') }).click();
    await page.getByText(fr('error.phoneFormat')).first().waitFor();
    const sent = readSms().length;
    await page.getByLabel(fr('appointments.guest.phone')).fill(`0${c.e164.slice(4)}`);
    await page.getByRole('button', { name: fr('appointments.guest.send') }).click();
    await page.getByText(fr('appointments.guest.sent')).waitFor();
    const code = await otpFor(c.e164, sent);
    // A wrong code is refused in plain words; the right one books.
    await page.getByLabel(fr('appointments.guest.code')).fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: fr('appointments.guest.confirm') }).click();
    await page.locator('#guest-code-error').waitFor();
    await page.getByLabel(fr('appointments.guest.code')).fill(code);
    await assertAccessible(page, 'guest booking code (fr)');
    await page.getByRole('button', { name: fr('appointments.guest.confirm') }).click();
    await page.getByRole('heading', { name: fr('appointments.booked') }).waitFor();
    const booking = (await page.locator('.confirmation .booking-code').innerText()).trim();
    assert.match(booking, /^[A-Z0-9]{8}$/);
    assert.equal(await readQr(page.locator('.confirmation .qr')), booking);
    // The booking is the citizen's: signed in, it is in their list.
    const mine = await api<{ items: { code: string }[] }>('/me/appointments', { token: await login(c.cin, c.password) });
    assert.ok(mine.body.items.some((a) => a.code === booking));
    await page.context().close();

    // The visit is in two hours, booked long ago: the reminder comes with its cancel link.
    await pool.query(
      `UPDATE appointment SET starts_at = date_trunc('minute', now()) + interval '2 hours', ends_at = date_trunc('minute', now()) + interval '150 minutes', created_at = now() - interval '2 days' WHERE code = $1`,
      [booking],
    );
    const reminder = await eventually(
      async () => readSms().find((m) => m.to === c.e164 && m.template === 'appointment.reminder' && m.text.includes(booking)),
      30_000,
    );
    const link = /https?:\/\/\S+\/a\/[A-Za-z0-9_-]+/.exec(reminder.text)?.[0];
    assert.ok(link, reminder.text);
    const holder = await newPage(browser, PHONE, 'ar-MA');
    await holder.goto(new URL(link).pathname);
    await holder.getByRole('heading', { name: ar('appointments.link.title') }).waitFor();
    await holder.locator(`[data-code="${booking}"]`).getByText(ar('appointments.state.booked')).waitFor();
    await assertAccessible(holder, 'cancel by link (ar)');
    await holder.getByRole('button', { name: ar('appointments.cancel') }).click();
    await holder.getByRole('status').getByText(ar('appointments.link.done')).waitFor();
    const after = await api<{ items: { code: string; state: string }[] }>('/me/appointments', { token: await login(c.cin, c.password) });
    assert.equal(after.body.items.find((a) => a.code === booking)?.state, 'cancelled');
    // A changed character: the page says the link is not valid.
    const path = new URL(link).pathname;
    await holder.goto(path.slice(0, -1) + (path.endsWith('A') ? 'B' : 'A'));
    await holder.getByText(ar('appointments.link.unknown')).waitFor();
    await holder.context().close();
  });
});
