import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCin, newCitizen, NewCitizen } from '../../support/factories';
import { RESIDENCE_FORM, submit } from '../requests/helpers';
import { NEXT_YEAR } from './helpers';

/**
 * Mandates seen from both sides: naming a CIN tells nothing about it, a proxy asks and the
 * mandator answers, each step is told by SMS, and a request filed for someone names both people
 * on its timeline, its tracking answer (initials) and the data export.
 */
describe('family: asking for a mandate, alerts and both people everywhere', () => {
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(() => t?.close());

  const signedIn = (c: NewCitizen) => t.token(c.cin, c.password);
  /** A citizen with a name of their own (the factory's are all "Test Citoyen"). */
  async function person(first: string, last: string, firstAr: string, lastAr: string, over: Record<string, unknown> = {}) {
    const c = await newCitizen(t.db, over);
    await t.db.query(`UPDATE citizen SET first_name = $2, last_name = $3, first_name_ar = $4, last_name_ar = $5 WHERE id = $1`, [
      c.id,
      first,
      last,
      firstAr,
      lastAr,
    ]);
    return c;
  }
  const otpOf = async (codeId: string): Promise<string> =>
    (await t.db.query(`SELECT payload->'data'->>'code' AS code FROM outbox_message WHERE idempotency_key = $1`, [`otp:${codeId}`]))[0]
      ?.code;
  /** The mandate SMS/emails written for these people: `template:citizenId`. */
  const told = async (...ids: string[]) =>
    (
      await t.db.query(
        `SELECT payload->>'template' AS template, payload->'recipient'->>'citizenId' AS who FROM outbox_message
          WHERE topic = 'notify' AND payload->>'template' LIKE 'mandate.%' AND payload->'recipient'->>'citizenId' = ANY($1::text[]) ORDER BY id`,
        [ids],
      )
    ).map((r: { template: string; who: string }) => `${r.template}:${r.who}`);
  const listed = async (token: string) =>
    (await t.http.get('/api/v1/me/mandates').set(bearer(token)).expect(200)).body as { id: string; status: string; initiatedBy: string }[];

  it('answers a grant the same whether an adult account holds the CIN, a minor holds it, or no one', async () => {
    const mandator = await person('Fatima', 'Zahra', 'فاطمة', 'الزهراء');
    const token = await signedIn(mandator);
    const adult = await newCitizen(t.db);
    const minor = await newCitizen(t.db, { birthDate: '2012-03-03' });
    const answers = [];
    for (const proxyCin of [adult.cin, minor.cin, newCin()]) {
      const res = await t.http
        .post('/api/v1/me/mandates')
        .set(bearer(token))
        .send({ proxyCin, procedures: ['RESIDENCE'], validUntil: NEXT_YEAR });
      answers.push(res);
    }
    // Same status, same keys, same message; only the fresh id and the code's expiry differ.
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(Object.keys(a.body).sort()))).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
    // Each sent a code to the mandator's own phone, so the work done is the same too.
    const codes = await t.db.query(`SELECT id, subject_id FROM one_time_code WHERE purpose = 'mandate' AND subject_id = ANY($1::uuid[])`, [
      answers.map((a) => a.body.mandateId),
    ]);
    expect(codes).toHaveLength(3);
    for (const c of codes) {
      const [sms] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`otp:${c.id}`]);
      expect(sms.payload.recipient.phone).toBe(mandator.phone);
    }
    // A pending grant is in no one's list (the adult would otherwise show up, the others not).
    expect((await listed(token)).map((m) => m.id)).toEqual([]);
    // The no-one grant is told only once the mandator's own code is right.
    const none = answers[2].body.mandateId;
    const noneCode = await otpOf(codes.find((c: { subject_id: string }) => c.subject_id === none).id);
    const wrong = await t.http
      .post(`/api/v1/me/mandates/${none}/confirm`)
      .set(bearer(token))
      .send({ code: noneCode === '000000' ? '111111' : '000000' })
      .expect(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'code', reason: 'invalid' });
    const nothing = await t.http.post(`/api/v1/me/mandates/${none}/confirm`).set(bearer(token)).send({ code: noneCode }).expect(409);
    expect(nothing.body.type).toMatch(/mandate-no-proxy$/);
    // Someone else cannot probe the id.
    const other = await signedIn(await newCitizen(t.db));
    await t.http.post(`/api/v1/me/mandates/${none}/confirm`).set(bearer(other)).send({ code: noneCode }).expect(404);
    // Bad input is still named, before anything about the CIN is looked at.
    const bad = await t.http
      .post('/api/v1/me/mandates')
      .set(bearer(token))
      .send({ proxyCin: newCin(), procedures: ['NOPE'], validUntil: NEXT_YEAR })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'procedures', reason: 'unknown' });
  });

  it('lets a proxy ask: the mandator sees it in their account, refuses, or confirms with their own code; each side is told', async () => {
    const mother = await person('Khadija', 'Bennani', 'خديجة', 'بناني', { birthDate: '1948-01-01' });
    const son = await person('Omar', 'Bennani', 'عمر', 'بناني');
    const motherToken = await signedIn(mother);
    const sonToken = await signedIn(son);
    const ask = (mandatorCin: string) =>
      t.http
        .post('/api/v1/me/mandates/ask')
        .set(bearer(sonToken))
        .send({ mandatorCin, procedures: ['RESIDENCE'], validUntil: NEXT_YEAR });

    const real = await ask(mother.cin.toLowerCase()).expect(202);
    const unknown = await ask(newCin()).expect(202);
    expect(unknown.body).toEqual(real.body);
    expect((await ask(son.cin).expect(400)).body.errors[0]).toMatchObject({ field: 'mandatorCin', reason: 'self' });

    // The mandator sees the pending ask; the proxy does not (it would tell them the account exists).
    const pending = (await listed(motherToken)).filter((m) => m.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ initiatedBy: 'proxy', proxy: { id: son.id, name: 'Omar Bennani' }, mandator: { id: mother.id } });
    expect(await listed(sonToken)).toEqual([]);
    expect(await told(mother.id, son.id)).toEqual([`mandate.asked:${mother.id}`]);
    // Only the mandator answers.
    await t.http.post(`/api/v1/me/mandates/${pending[0].id}/refuse`).set(bearer(sonToken)).expect(404);
    await t.http.post(`/api/v1/me/mandates/${pending[0].id}/code`).set(bearer(sonToken)).expect(404);

    const refused = await t.http.post(`/api/v1/me/mandates/${pending[0].id}/refuse`).set(bearer(motherToken)).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused', initiatedBy: 'proxy' });
    expect((await listed(sonToken)).map((m) => [m.id, m.status])).toEqual([[pending[0].id, 'refused']]);
    await t.http.post(`/api/v1/me/mandates/${pending[0].id}/refuse`).set(bearer(motherToken)).expect(409);
    const noFile = await submit(t, sonToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mother.id },
    });
    expect(noFile.status).toBe(400);

    // Asked again, and accepted: a code to the mother's phone, confirmed by her.
    await ask(mother.cin).expect(202);
    const again = (await listed(motherToken)).find((m) => m.status === 'pending')!;
    const early = await t.http
      .post(`/api/v1/me/mandates/${again.id}/confirm`)
      .set(bearer(motherToken))
      .send({ code: '123456' })
      .expect(409);
    expect(early.body.errors[0]).toMatchObject({ field: 'code', reason: 'noCode' });
    const sent = await t.http.post(`/api/v1/me/mandates/${again.id}/code`).set(bearer(motherToken)).expect(202);
    expect(sent.body.mandateId).toBe(again.id);
    const [{ code_id }] = await t.db.query(`SELECT code_id FROM mandate WHERE id = $1`, [again.id]);
    const [sms] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`otp:${code_id}`]);
    expect(sms.payload.recipient.phone).toBe(mother.phone);
    const ok = await t.http
      .post(`/api/v1/me/mandates/${again.id}/confirm`)
      .set(bearer(motherToken))
      .send({ code: await otpOf(code_id) })
      .expect(200);
    expect(ok.body).toMatchObject({ status: 'active', initiatedBy: 'proxy' });
    expect(await told(mother.id, son.id)).toEqual([
      `mandate.asked:${mother.id}`,
      `mandate.asked:${mother.id}`,
      `mandate.granted:${mother.id}`,
      `mandate.received:${son.id}`,
    ]);
    const [granted] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [
      `mandate:${again.id}:granted:mandator`,
    ]);
    expect(granted.payload.data).toMatchObject({ proxy: { fr: 'Omar Bennani', ar: 'عمر بناني' }, procedures: 'RESIDENCE' });

    // Used: the son files for her; she is told who used it. Revoked: she is told again.
    const filed = await submit(t, sonToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mother.id },
    }).expect(201);
    await t.http.post(`/api/v1/mandates/${again.id}/revoke`).set(bearer(sonToken)).expect(200);
    expect((await told(mother.id, son.id)).slice(4)).toEqual([`mandate.used:${mother.id}`, `mandate.revoked:${mother.id}`]);
    const [used] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`mandate-used:${filed.body.id}`]);
    expect(used.payload).toMatchObject({
      requestId: filed.body.id,
      data: { trackingCode: filed.body.trackingCode, proxy: { fr: 'Omar Bennani' } },
    });
  });

  it('names both people on the filing in the timeline (citizens and staff), by initials on tracking, and in each data export', async () => {
    const mother = await person('Khadija', 'Alami', 'خديجة', 'العلمي', { birthDate: '1950-01-01' });
    const son = await person('Omar', 'Alami', 'عمر', 'العلمي');
    const motherToken = await signedIn(mother);
    const sonToken = await signedIn(son);
    const paper = await t.http
      .post('/api/v1/mandates')
      .set(bearer(agent))
      .send({ mandatorId: mother.id, proxyCin: son.cin, procedures: ['RESIDENCE'], validUntil: NEXT_YEAR, paperRef: 'LEG-2026-77' })
      .expect(201);
    expect(await told(mother.id, son.id)).toEqual([`mandate.granted:${mother.id}`, `mandate.received:${son.id}`]);
    const filed = await submit(t, sonToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mother.id },
    }).expect(201);
    const both = {
      kind: 'mandator',
      beneficiary: { name: 'Khadija Alami', nameAr: 'خديجة العلمي' },
      filer: { name: 'Omar Alami', nameAr: 'عمر العلمي' },
    };
    for (const token of [motherToken, sonToken, agent]) {
      const events = await t.http.get(`/api/v1/requests/${filed.body.id}/events`).set(bearer(token)).expect(200);
      const filing = events.body.items.find((e: { type: string }) => e.type === 'request.submitted');
      expect(filing.filedFor).toEqual(both);
    }
    // A request for oneself carries nothing of the kind.
    const own = await submit(t, motherToken, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const ownEvents = await t.http.get(`/api/v1/requests/${own.body.id}/events`).set(bearer(motherToken)).expect(200);
    expect(ownEvents.body.items[0].filedFor).toBeUndefined();

    for (const cin of [mother.cin, son.cin]) {
      const tracked = await t.http.get(`/api/v1/track/${filed.body.trackingCode}`).query({ cin }).expect(200);
      expect(tracked.body.filedFor).toEqual({
        kind: 'mandator',
        beneficiary: { name: 'K. A.', nameAr: 'خ. ا.' },
        filer: { name: 'O. A.', nameAr: 'ع. ا.' },
      });
      expect(JSON.stringify(tracked.body)).not.toMatch(/Khadija|Omar|Alami/);
    }
    const tracked = await t.http.get(`/api/v1/track/${own.body.trackingCode}`).query({ cin: mother.cin }).expect(200);
    expect(tracked.body.filedFor).toBeUndefined();

    // Each side's access right (law 09-08): the mandate both ways, and the request filed for her.
    const child = await t.http
      .post('/api/v1/me/dependents')
      .set(bearer(motherToken))
      .send({
        firstName: 'Sara',
        lastName: 'Alami',
        firstNameAr: 'سارة',
        lastNameAr: 'العلمي',
        birthDate: '2016-02-02',
        birthRecordRef: `${Date.now() % 1e6}/2016`,
      })
      .expect(201);
    const hers = (await t.http.get('/api/v1/me/export').set(bearer(motherToken)).expect(200)).body;
    expect(hers.dependents).toEqual([expect.objectContaining({ first_name: 'Sara', status: 'pending' })]);
    expect(hers.mandatesGiven).toEqual([expect.objectContaining({ proxy: 'Omar Alami', basis: 'paper', paper_ref: 'LEG-2026-77' })]);
    expect(hers.mandatesReceived).toEqual([]);
    expect(hers.filedForMe).toEqual([
      expect.objectContaining({ tracking_code: filed.body.trackingCode, filed_by: 'Omar Alami', capacity: 'mandate' }),
    ]);
    const his = (await t.http.get('/api/v1/me/export').set(bearer(sonToken)).expect(200)).body;
    expect(his.mandatesReceived).toEqual([expect.objectContaining({ mandator: 'Khadija Alami', status: 'active' })]);
    expect(his.mandatesGiven).toEqual([]);
    expect(his.filedForMe).toEqual([]);
    const page = await t.http.get('/api/v1/me/export').query({ format: 'html', lang: 'fr' }).set(bearer(motherToken)).expect(200);
    expect(page.text).toContain('Procurations données');
    expect(page.text).toContain('Omar Alami');
    expect(child.body.id).toBeDefined();
    expect(paper.body.status).toBe('active');
  });
});
