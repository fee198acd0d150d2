import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { api, DESKTOP, launchBrowser, login, newPage, PHONE, readSms } from '../support';
import { signIn } from '../agent/helpers';
import { assertAccessible, assertFits, catalogue, choose, otpFor, PNG, uniqueCitizen, words } from './helpers';

const PASSWORD = 'Un-mot-de-passe-2026';

/** A parent's (or another adult's) account, made through the API's sign-up (the sign-up pages have their own spec). */
async function newParent(
  names = { firstName: 'Salma', lastName: 'Tazi', firstNameAr: 'سلمى', lastNameAr: 'التازي' },
): Promise<{ cin: string; id: string; e164: string; token: string }> {
  const who = uniqueCitizen();
  const [nb] = (await api<{ items: { id: string }[] }>('/neighbourhoods')).body.items;
  const sent = readSms().length;
  const started = await api<{ signupId: string }>('/auth/signup', {
    body: {
      cin: who.cin,
      ...names,
      birthDate: '1988-03-15',
      sex: 'F',
      phone: who.phone,
      neighbourhoodId: nb.id,
      preferredLanguage: 'ar',
      preferredChannel: 'sms',
    },
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const code = await otpFor(who.e164, sent);
  const made = await api<{ accessToken: string }>('/auth/signup/verify', {
    body: { signupId: started.body.signupId, code, password: PASSWORD },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const me = await api<{ id: string }>('/me', { token: made.body.accessToken });
  return { cin: who.cin, id: me.body.id, e164: who.e164, token: made.body.accessToken };
}

describe('citizen app: filing for a child, in Arabic on a 360 px phone', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('adds the child, the counter confirms them, the parent files for them and the request names both', async () => {
    const parent = await newParent();
    const w = words('ar');
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.goto(`/login?next=${encodeURIComponent('/profile/family')}`);
    await page.getByLabel(w('login.login')).fill(parent.cin);
    await page.getByLabel(w('login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: w('login.submit') }).click();
    await page.getByRole('heading', { name: w('family.title') }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');

    await page.getByLabel(w('family.firstName'), { exact: true }).fill('Yassine');
    await page.getByLabel(w('family.lastName'), { exact: true }).fill('Tazi');
    await page.getByLabel(w('family.firstNameAr'), { exact: true }).fill('ياسين');
    await page.getByLabel(w('family.lastNameAr'), { exact: true }).fill('التازي');
    await page.getByLabel(w('family.birthDate'), { exact: true }).fill('2016-04-02');
    await page.getByLabel(w('family.birthRecordRef'), { exact: true }).fill(`${Date.now() % 100000}/2016`);
    await page.getByRole('button', { name: w('family.add') }).click();
    await page.getByText(w('family.added')).waitFor();
    await page.getByTestId('dependents').getByText(w('family.status.pending')).waitFor();
    await assertFits(page, 'family page, 360 px');
    await assertAccessible(page, 'family page');

    // At the counter the agent sees the family record booklet and confirms the child once.
    const agent = await login('agent1', undefined, 1);
    const [child] = (await api<{ id: string }[]>(`/citizens/${parent.id}/dependents`, { token: agent })).body;
    assert.equal((await api(`/dependents/${child.id}/confirm`, { token: agent, body: { bookletRef: 'LF-2016-77' } })).status, 200);
    await page.reload();
    await page.getByTestId('dependents').getByText(w('family.status.confirmed')).waitFor();

    // The request form asks whom it is for; the child is one of the answers.
    const procedure = (
      await api<{
        fields: { key: string; label: { ar: string }; options?: { value: string; label: { ar: string } }[] }[];
        documents: { code: string; name: { ar: string } }[];
      }>('/procedures/RESIDENCE')
    ).body;
    const label = (key: string) => procedure.fields.find((f) => f.key === key)!.label.ar;
    await page.goto('/procedures/RESIDENCE/request');
    await page.getByRole('button', { name: w('continue') }).waitFor();
    const forChild = catalogue('ar')['family.forChild'].replace('{name}', 'ياسين التازي');
    await choose(page, forChild);
    await choose(page, procedure.fields.find((f) => f.key === 'purpose')!.options!.find((o) => o.value === 'school')!.label.ar);
    await page.getByLabel(label('addressLine')).fill('12 زنقة القدس، بركان');
    await page.getByLabel(label('residenceSince')).fill('2016-04-02');
    await page
      .getByLabel(procedure.documents.find((d) => d.code === 'PROOF_OF_ADDRESS')!.name.ar)
      .setInputFiles({ name: 'facture.png', mimeType: 'image/png', buffer: PNG });
    await assertFits(page, 'request form for a child');
    await assertAccessible(page, 'request form for a child');
    await page.getByRole('button', { name: w('continue') }).click();
    await page.getByRole('heading', { name: w('check.title') }).waitFor();
    assert.ok((await page.locator('dl.check').innerText()).includes('ياسين التازي'), 'the check page says whom it is for');
    await page.getByRole('button', { name: w('request.submit') }).click();
    await page.getByRole('heading', { name: w('done.title') }).waitFor();
    await page.getByRole('link', { name: w('done.follow') }).click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);

    // The request's page names both people, the child's name isolated in the Arabic sentence.
    const line = page.getByTestId('filed-for');
    await line.waitFor();
    const text = await line.innerText();
    assert.ok(text.includes('ياسين التازي') && text.includes('سلمى التازي'), text);
    assert.equal(await line.locator('bdi').count(), 2);
    // Its timeline's filing says who filed it and for whom, in Arabic.
    const filing = page.getByTestId('timeline-filed-for');
    await filing.waitFor();
    const filed = await filing.innerText();
    const expected = catalogue('ar')['timeline.filedFor'].replace('{filer}', 'سلمى التازي').replace('{name}', 'ياسين التازي');
    assert.equal(filed.replace(/[\u200e\u200f\u2066-\u2069]/g, ''), expected);
    assert.equal(await filing.locator('bdi').count(), 2);
    await assertFits(page, 'request page for a child');
    const id = page.url().split('/').at(-1)!;
    const seen = await api<{ dependentId: string; citizenId: string }>(`/requests/${id}`, { token: agent });
    assert.equal(seen.body.dependentId, child.id);
    assert.equal(seen.body.citizenId, parent.id);
    await page.context().close();

    // The agent's request screen and its timeline name both people too (French app).
    const desk = await newPage(browser, DESKTOP);
    await signIn(desk, 'agent1', 1);
    await desk.goto(`/agent/requests/${id}`);
    await desk.getByTestId('filed-for').waitFor();
    assert.match(await desk.getByTestId('filed-for').innerText(), /Yassine Tazi.*Salma Tazi/);
    await desk.getByTestId('timeline-filed-for').waitFor();
    assert.equal(await desk.getByTestId('timeline-filed-for').innerText(), 'Déposée par Salma Tazi pour Yassine Tazi');
    await desk.context().close();
  });
  it('a relative asks her for a mandate: she sees the ask in Arabic, accepts with the code sent to her phone, and it is active', async () => {
    const parent = await newParent();
    const son = await newParent({ firstName: 'Karim', lastName: 'Tazi', firstNameAr: 'كريم', lastNameAr: 'التازي' });
    const validUntil = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
    const asked = await api('/me/mandates/ask', {
      token: son.token,
      body: { mandatorCin: parent.cin, procedures: ['RESIDENCE'], validUntil },
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const w = words('ar');
    const page = await newPage(browser, PHONE, 'ar-MA');
    await page.goto('/');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.goto(`/login?next=${encodeURIComponent('/profile/family')}`);
    await page.getByLabel(w('login.login')).fill(parent.cin);
    await page.getByLabel(w('login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: w('login.submit') }).click();
    const card = page.getByTestId('mandates').locator('li[data-status="pending"]');
    await card.getByRole('heading', { name: catalogue('ar')['family.mandateAsked'].replace('{name}', 'كريم التازي') }).waitFor();
    await card.getByText(w('family.mandate.asked')).waitFor();
    await assertFits(page, 'family page with a mandate asked, 360 px');
    await assertAccessible(page, 'family page with a mandate asked');
    const sent = readSms().length;
    await card.getByRole('button', { name: w('family.accept') }).click();
    await page.getByLabel(w('family.code')).fill(await otpFor(parent.e164, sent));
    await page.getByRole('button', { name: w('family.confirm') }).click();
    const active = page.getByTestId('mandates').locator('li[data-status="active"]');
    await active.getByText(w('family.mandate.active')).waitFor();
    await active.getByRole('heading', { name: catalogue('ar')['family.mandateGiven'].replace('{name}', 'كريم التازي') }).waitFor();
    // The son now holds it (he learns of it once she has answered).
    const held = await api<{ status: string; mandator: { id: string } }[]>('/me/mandates', { token: son.token });
    assert.deepEqual(
      held.body.map((m) => [m.mandator.id, m.status]),
      [[parent.id, 'active']],
    );
    await page.context().close();
  });
});
