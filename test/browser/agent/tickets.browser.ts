import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage, readSms, eventually } from '../support';
import { choose, displayScreen, noSeriousViolations, signIn } from './helpers';

describe('agent app: reception issues tickets, a counter calls them', () => {
  let browser: Browser;
  const issued: string[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('reception issues a priority ticket with an SMS in Arabic, and another one to print', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'reception');
    await page.getByRole('link', { name: 'Accueil' }).click();
    await page.getByRole('heading', { name: 'Accueil : tickets' }).waitFor();
    await noSeriousViolations(page, 'reception (fr)');
    // Nothing chosen: the error summary names the field.
    await page.getByRole('button', { name: 'Remettre un ticket' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Choisissez le service' }).waitFor();
    await choose(page, 'A — Certificats');
    await choose(page, 'Personne âgée');
    await page.getByLabel('Téléphone mobile (facultatif)').fill('0677 12 34 56');
    await choose(page, 'العربية');
    await page.getByRole('button', { name: 'Remettre un ticket' }).click();
    const ticket = page.locator('.issued-ticket .ticket-number');
    await ticket.waitFor();
    const first = (await ticket.getAttribute('data-number'))!;
    assert.match(first, /^A-\d{3}$/);
    issued.push(first);
    await page.getByText('Le numéro part par SMS.').waitFor();
    const sms = await eventually(async () =>
      readSms().find((m) => m.to === '+212677123456' && m.template === 'ticket.issued' && m.text.includes(first)),
    );
    assert.equal(sms.language, 'ar');
    // A second one, no phone: printed.
    await page.getByRole('button', { name: 'Nouveau ticket' }).click();
    await choose(page, 'A — Certificats');
    await page.getByRole('button', { name: 'Remettre un ticket' }).click();
    await page.locator(`.issued-ticket .ticket-number:not([data-number="${first}"])`).waitFor();
    issued.push((await ticket.getAttribute('data-number'))!);
    await page.getByRole('button', { name: 'Imprimer le ticket' }).waitFor();
    // The waiting room counts them.
    const row = page.locator('table.waiting tr[data-group="A"]');
    await eventually(async () => Number((await row.locator('td').first().innerText()).trim()) >= 2);
    // And in Arabic.
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: 'الاستقبال: التذاكر' }).waitFor();
    await noSeriousViolations(page, 'reception (ar)');
    await page.context().close();
  });

  it('a counter agent calls, recalls and closes tickets from the panel while the display screen follows', async () => {
    const screen = await displayScreen(browser);
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'agent2', 1);
    await page.getByRole('link', { name: 'Guichet', exact: true }).click();
    await page.getByRole('heading', { name: 'Guichet 1' }).waitFor();
    await noSeriousViolations(page, 'counter panel (fr)');
    // The priority ticket first.
    await page.getByRole('button', { name: 'Appeler le suivant' }).click();
    const current = page.locator('.current-ticket .ticket-number');
    await current.waitFor();
    const called = (await current.getAttribute('data-number'))!;
    assert.equal(called, issued[0], 'the elderly visitor first');
    await page.getByText('Personne âgée').waitFor();
    await screen.locator(`.now[data-number="${called}"]`).waitFor();
    assert.match(await screen.locator('.now').innerText(), /Guichet 1/);
    // Recall with the keyboard (R): the screen calls it again.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    await page.getByText(`Ticket ${called} rappelé à l’écran.`).waitFor();
    // N: the held ticket is closed as served and the next one called (once the recall has settled:
    // keys are ignored while an action is under way, as its disabled buttons show).
    await page.locator('.current-ticket button.primary:not([disabled])').waitFor();
    await page.keyboard.press('n');
    await page.locator(`.current-ticket .ticket-number[data-number="${issued[1]}"]`).waitFor();
    await screen.locator(`.now[data-number="${issued[1]}"]`).waitFor();
    // Finish (F): nothing current any more.
    await page.locator('.current-ticket button.primary:not([disabled])').waitFor();
    await page.keyboard.press('f');
    await page.getByText(`Ticket ${issued[1]} terminé.`).waitFor();
    await page.getByText('Aucun ticket appelé à ce guichet.').waitFor();
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: 'الشباك 1' }).waitFor();
    await noSeriousViolations(page, 'counter panel (ar)');
    await page.context().close();
    await screen.context().close();
  });
  it('reception books a visit for a citizen on the phone: the booking code is shown and the slot has one place less', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, 'reception');
    await page.getByRole('link', { name: 'Accueil' }).click();
    await page.getByRole('link', { name: 'Prendre un rendez-vous pour un citoyen (téléphone)' }).click();
    await page.getByRole('heading', { name: 'Rendez-vous pour un citoyen' }).waitFor();
    await page.getByLabel('Rechercher le citoyen').fill('BK123456');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('button', { name: /^Choisir .*, CIN BK123456$/ }).click();
    await page.getByText('BK123456').first().waitFor();
    // Nothing chosen: the error summary names the field.
    await page.getByRole('button', { name: 'Réserver' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Choisissez la démarche' }).waitFor();
    await choose(page, /^Certificat de résidence/);
    await page.locator('#booking-day label.react-aria-Radio').first().click();
    const time = page.locator('#booking-time label.react-aria-Radio').first();
    await time.waitFor();
    await time.click();
    const startsAt = await page.locator('#booking-time input[type=radio]:checked').getAttribute('value');
    assert.ok(startsAt);
    const freeOf = async () => {
      const r = await api<{ slots: { startsAt: string; free: number }[] }>(
        `/appointments/slots?procedure=RESIDENCE&to=${startsAt.slice(0, 10)}`,
      );
      assert.equal(r.status, 200);
      return r.body.slots.find((s) => s.startsAt === startsAt)?.free ?? 0;
    };
    const before = await freeOf();
    assert.ok(before >= 1, 'a free place before booking');
    await noSeriousViolations(page, 'reception booking (fr)');
    await page.getByRole('button', { name: 'Réserver' }).click();
    await page.getByRole('heading', { name: 'Rendez-vous réservé' }).waitFor();
    const code = (await page.locator('.booking-code').getAttribute('data-code'))!;
    assert.match(code, /^[A-Z0-9]{6,12}$/);
    assert.equal(await freeOf(), before - 1, 'the slot has one place less');
    // The booking is the citizen's, at that time, and the SMS carries the code.
    const reception = await login('reception');
    const day = await api<{ items: { id: string; code: string; startsAt: string; procedureCode: string }[] }>(
      `/appointments?day=${startsAt.slice(0, 10)}&limit=100`,
      { token: reception },
    );
    const mine = day.body.items.find((a) => a.code === code);
    assert.ok(mine, 'the day list has the booking');
    assert.equal(mine.procedureCode, 'RESIDENCE');
    await eventually(async () => readSms().find((m) => m.template === 'appointment.booked' && m.text.includes(code)));
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: 'تم حجز الموعد' }).waitFor();
    await noSeriousViolations(page, 'reception booking (ar)');
    await page.context().close();
    // Leave the citizen free to book again in the other specs.
    assert.equal((await api(`/appointments/${mine.id}`, { method: 'DELETE', token: reception })).status, 200);
  });
});
