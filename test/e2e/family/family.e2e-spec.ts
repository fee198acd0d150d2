import { randomUUID } from 'node:crypto';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCin, newCitizen, NewCitizen, newPhone } from '../../support/factories';
import { PASSPORT_FORM, RESIDENCE_FORM, submit } from '../requests/helpers';
import { NEXT_YEAR } from './helpers';

/** Requests for one's family: dependents, mandates, filing for someone, and who sees what. */
describe('family: dependents and mandates', () => {
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(() => t?.close());

  const signedIn = async (c: NewCitizen) => t.token(c.cin, c.password);
  const child = (over: Record<string, unknown> = {}) => ({
    firstName: 'Yassine',
    lastName: 'Alaoui',
    firstNameAr: 'ياسين',
    lastNameAr: 'العلوي',
    birthDate: '2015-05-10',
    birthRecordRef: `${Math.floor(Math.random() * 1e6)}/2015`,
    ...over,
  });
  const otp = async (codeId: string): Promise<string> =>
    (await t.db.query(`SELECT payload->'data'->>'code' AS code FROM outbox_message WHERE idempotency_key = $1`, [`otp:${codeId}`]))[0]
      ?.code;
  const accessRows = async (staffUsername: string, citizenId: string) =>
    (
      await t.db.query(
        `SELECT l.action FROM citizen_access_log l JOIN staff s ON s.id = l.staff_id WHERE s.username = $1 AND l.citizen_id = $2`,
        [staffUsername, citizenId],
      )
    ).map((r: { action: string }) => r.action);
  const inHistory = async (token: string) =>
    (await t.http.get('/api/v1/requests').set(bearer(token)).expect(200)).body.items.map((r: { id: string }) => r.id);

  /** A mandate from `mandator` to `proxy`, confirmed with the code sent to the mandator's phone. */
  async function mandate(mandator: NewCitizen, proxy: NewCitizen, procedures = ['RESIDENCE'], validUntil = NEXT_YEAR): Promise<string> {
    const token = await signedIn(mandator);
    const started = await t.http
      .post('/api/v1/me/mandates')
      .set(bearer(token))
      .send({ proxyCin: proxy.cin.toLowerCase(), procedures, validUntil });
    expect([started.status, started.body.errors]).toEqual([202, undefined]);
    // The answer names no one: the same whether an adult account holds that CIN or not (family-asks.e2e-spec).
    expect(Object.keys(started.body).sort()).toEqual(['codeExpiresAt', 'mandateId', 'message']);
    const mandateId: string = started.body.mandateId;
    const [{ code_id }] = await t.db.query(`SELECT code_id FROM mandate WHERE id = $1 AND proxy_id = $2 AND status = 'pending'`, [
      mandateId,
      proxy.id,
    ]);
    const [sms] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key = $1`, [`otp:${code_id}`]);
    expect(sms.payload.recipient.phone).toBe(mandator.phone);
    const code = await otp(code_id);
    const wrong = await t.http
      .post(`/api/v1/me/mandates/${mandateId}/confirm`)
      .set(bearer(token))
      .send({ code: code === '000000' ? '111111' : '000000' })
      .expect(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'code', reason: 'invalid' });
    // The proxy cannot confirm a mandate given to them: only the mandator's code does.
    await t.http
      .post(`/api/v1/me/mandates/${mandateId}/confirm`)
      .set(bearer(await signedIn(proxy)))
      .send({ code })
      .expect(404);
    const ok = await t.http.post(`/api/v1/me/mandates/${mandateId}/confirm`).set(bearer(token)).send({ code }).expect(200);
    expect(ok.body).toMatchObject({ status: 'active', procedures, validUntil });
    return ok.body.id;
  }

  it('adds a child, confirmed once at the counter against the booklet, then files for them and sees it in the history', async () => {
    const parent = await newCitizen(t.db);
    const token = await signedIn(parent);
    const bad = await t.http
      .post('/api/v1/me/dependents')
      .set(bearer(token))
      .send(child({ birthRecordRef: undefined }))
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('birthRecordRef');
    const adult = await t.http
      .post('/api/v1/me/dependents')
      .set(bearer(token))
      .send(child({ birthDate: '1990-01-01' }))
      .expect(400);
    expect(adult.body.errors[0]).toMatchObject({ field: 'birthDate', reason: 'notMinor' });

    const body = child();
    const added = await t.http.post('/api/v1/me/dependents').set(bearer(token)).send(body).expect(201);
    expect(added.body).toMatchObject({ status: 'pending', confirmedAt: null, guardianId: parent.id, firstNameAr: 'ياسين' });
    const dup = await t.http.post('/api/v1/me/dependents').set(bearer(token)).send(body).expect(409);
    expect(dup.body.errors[0]).toMatchObject({ field: 'birthRecordRef', reason: 'unique' });

    const forChild = { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM, beneficiary: { kind: 'dependent', id: added.body.id } };
    const early = await submit(t, token, forChild).expect(400);
    expect(early.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'notConfirmed' });

    // The counter: the agent opens the family (a recorded read), sees the booklet, confirms once.
    const seen = await t.http.get(`/api/v1/citizens/${parent.id}/dependents`).set(bearer(agent)).expect(200);
    expect(seen.body.map((d: { id: string }) => d.id)).toEqual([added.body.id]);
    expect(await accessRows('agent1', parent.id)).toContain('family');
    const noRef = await t.http.post(`/api/v1/dependents/${added.body.id}/confirm`).set(bearer(agent)).send({}).expect(400);
    expect(noRef.body.errors[0].field).toBe('bookletRef');
    const confirmed = await t.http
      .post(`/api/v1/dependents/${added.body.id}/confirm`)
      .set(bearer(agent))
      .send({ bookletRef: 'LF-58231' })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      bookletRef: 'LF-58231',
      confirmedByName: expect.any(String),
      confirmedAt: expect.any(String),
    });
    const [row] = await t.db.query(`SELECT confirmed_by FROM dependent WHERE id = $1`, [added.body.id]);
    expect(row.confirmed_by).toBe((await t.db.query(`SELECT id FROM staff WHERE username = 'agent1'`))[0].id);
    await t.http.post(`/api/v1/dependents/${added.body.id}/confirm`).set(bearer(agent)).send({ bookletRef: 'LF-1' }).expect(409);

    const filed = await submit(t, token, forChild).expect(201);
    expect(filed.body).toMatchObject({ citizenId: parent.id, dependentId: added.body.id });
    const one = await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(token)).expect(200);
    expect(one.body.filedFor).toEqual({
      kind: 'dependent',
      beneficiary: { name: 'Yassine Alaoui', nameAr: 'ياسين العلوي' },
      filer: { name: 'Test Citoyen', nameAr: 'اختبار مواطن' },
    });
    expect(await inHistory(token)).toContain(filed.body.id);
    const receipt = await t.http.get(`/api/v1/requests/${filed.body.id}/receipt`).set(bearer(token)).expect(200);
    expect(receipt.body.filedFor).toEqual(one.body.filedFor);
    // The agent's screen names both people too.
    const atCounter = await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(agent)).expect(200);
    expect(atCounter.body.filedFor.beneficiary.nameAr).toBe('ياسين العلوي');

    // Someone else's child is nobody else's beneficiary.
    const stranger = await newCitizen(t.db);
    const refused = await submit(t, await signedIn(stranger), forChild).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'unknown' });
    await t.http
      .get(`/api/v1/requests/${filed.body.id}`)
      .set(bearer(await signedIn(stranger)))
      .expect(404);
  });

  it('files for a child from the counter, naming the parent present', async () => {
    const parent = await newCitizen(t.db);
    const d = await t.http
      .post('/api/v1/me/dependents')
      .set(bearer(await signedIn(parent)))
      .send(child())
      .expect(201);
    await t.http.post(`/api/v1/dependents/${d.body.id}/confirm`).set(bearer(agent)).send({ bookletRef: 'LF-77' }).expect(200);
    const filed = await submit(t, agent, {
      procedureCode: 'RESIDENCE',
      citizenId: parent.id,
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'dependent', id: d.body.id },
    }).expect(201);
    expect(filed.body).toMatchObject({ citizenId: parent.id, dependentId: d.body.id, channel: 'counter' });
  });

  it('gives a child come of age an account of their own, claimed by code; their requests follow them', async () => {
    const parent = await newCitizen(t.db);
    const token = await signedIn(parent);
    const d = await t.http
      .post('/api/v1/me/dependents')
      .set(bearer(token))
      .send(child({ birthDate: '2009-01-15' }))
      .expect(201);
    const cin = newCin();
    const phone = newPhone();
    const early = await t.http
      .post(`/api/v1/me/dependents/${d.body.id}/account`)
      .set(bearer(token))
      .send({ cin, phone, sex: 'M' })
      .expect(409);
    expect(early.body.type).toContain('dependent-not-confirmed');
    await t.http.post(`/api/v1/dependents/${d.body.id}/confirm`).set(bearer(agent)).send({ bookletRef: 'LF-9' }).expect(200);
    const filed = await submit(t, token, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'dependent', id: d.body.id },
    }).expect(201);
    const minor = await t.http
      .post(`/api/v1/me/dependents/${d.body.id}/account`)
      .set(bearer(token))
      .send({ cin, phone, sex: 'M' })
      .expect(409);
    expect(minor.body.type).toContain('dependent-minor');

    // Time passes: the child is 18.
    await t.db.query(
      `UPDATE dependent SET birth_date = (now() AT TIME ZONE 'Africa/Casablanca')::date - interval '18 years' WHERE id = $1`,
      [d.body.id],
    );
    const badCin = await t.http
      .post(`/api/v1/me/dependents/${d.body.id}/account`)
      .set(bearer(token))
      .send({ cin: '12', phone, sex: 'M' })
      .expect(400);
    expect(badCin.body.errors[0].field).toBe('cin');
    const made = await t.http
      .post(`/api/v1/me/dependents/${d.body.id}/account`)
      .set(bearer(token))
      .send({ cin, phone, sex: 'M' })
      .expect(200);
    expect(made.body).toMatchObject({ status: 'claimed', adult: true });

    const claim = await t.http.post('/api/v1/citizens/claim').send({ cin, phone }).expect(202);
    const tokens = await t.http
      .post('/api/v1/citizens/claim/verify')
      .send({ claimId: claim.body.claimId, code: await otp(claim.body.claimId), password: 'un-mot-de-passe-long' })
      .expect(201);
    const grown = tokens.body.accessToken;
    const me = await t.http.get('/api/v1/me').set(bearer(grown)).expect(200);
    expect(me.body.profile).toMatchObject({ cin, firstNameAr: 'ياسين', status: 'active' });
    expect(await inHistory(grown)).toContain(filed.body.id);
    await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(grown)).expect(200);
    // The parent no longer owns the grown-up's requests, nor files for them.
    await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(token)).expect(404);
    const again = await submit(t, token, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'dependent', id: d.body.id },
    }).expect(400);
    expect(again.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'hasAccount' });
  });

  it('lets a proxy file under a confirmed mandate: both see it, both are alerted, either CIN tracks it; scope is enforced', async () => {
    const parent = await newCitizen(t.db, { birthDate: '1950-02-02' });
    const son = await newCitizen(t.db);
    const selfGrant = await t.http
      .post('/api/v1/me/mandates')
      .set(bearer(await signedIn(parent)))
      .send({ proxyCin: parent.cin, procedures: ['RESIDENCE'], validUntil: NEXT_YEAR })
      .expect(400);
    expect(selfGrant.body.errors[0]).toMatchObject({ field: 'proxyCin', reason: 'self' });
    const unknownProc = await t.http
      .post('/api/v1/me/mandates')
      .set(bearer(await signedIn(parent)))
      .send({ proxyCin: son.cin, procedures: ['NOPE'], validUntil: NEXT_YEAR })
      .expect(400);
    expect(unknownProc.body.errors[0].field).toBe('procedures');

    const mandateId = await mandate(parent, son);
    const sonToken = await signedIn(son);
    const parentToken = await signedIn(parent);
    const filed = await submit(t, sonToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: parent.id },
    }).expect(201);
    expect(filed.body).toMatchObject({ citizenId: parent.id, proxyId: son.id });
    const viaProxy = await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(sonToken)).expect(200);
    expect(viaProxy.body.filedFor).toMatchObject({
      kind: 'mandator',
      beneficiary: { name: 'Test Citoyen' },
      filer: { name: 'Test Citoyen' },
    });
    expect(await inHistory(sonToken)).toContain(filed.body.id);
    expect(await inHistory(parentToken)).toContain(filed.body.id);
    const alerts = await t.db.query(
      `SELECT payload->'recipient'->>'citizenId' AS who, payload->>'template' AS template FROM outbox_message WHERE topic = 'notify' AND payload->>'requestId' = $1`,
      [filed.body.id],
    );
    // The request's own alert to both, and the mandator told who used the mandate.
    expect(alerts.map((a: { who: string; template: string }) => `${a.template}:${a.who}`).sort()).toEqual(
      [`request.received:${parent.id}`, `request.received:${son.id}`, `mandate.used:${parent.id}`].sort(),
    );
    for (const cin of [parent.cin, son.cin]) await t.http.get(`/api/v1/track/${filed.body.trackingCode}`).query({ cin }).expect(200);
    const stranger = await newCitizen(t.db);
    await t.http.get(`/api/v1/track/${filed.body.trackingCode}`).query({ cin: stranger.cin }).expect(404);

    const outOfScope = await submit(t, sonToken, {
      procedureCode: 'PASSPORT',
      form: PASSPORT_FORM,
      beneficiary: { kind: 'mandator', id: parent.id },
    }).expect(400);
    expect(outOfScope.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'outOfScope' });

    // Never the whole record of the other person: not the profile, not the requests the parent filed alone.
    const own = await submit(t, parentToken, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http.get(`/api/v1/requests/${own.body.id}`).set(bearer(sonToken)).expect(404);
    expect(await inHistory(sonToken)).not.toContain(own.body.id);
    await t.http.get(`/api/v1/citizens/${parent.id}`).set(bearer(sonToken)).expect(403);
    await t.http.get(`/api/v1/citizens/${parent.id}/mandates`).set(bearer(sonToken)).expect(403);

    // A third person with no mandate files for nobody.
    const nobody = await submit(t, await signedIn(stranger), {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: parent.id },
    }).expect(400);
    expect(nobody.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'noMandate' });
    await t.http
      .get(`/api/v1/requests/${filed.body.id}`)
      .set(bearer(await signedIn(stranger)))
      .expect(404);
    expect((await t.http.get('/api/v1/me/mandates').set(bearer(sonToken)).expect(200)).body.map((m: { id: string }) => m.id)).toContain(
      mandateId,
    );
  });

  it('revokes by either side: the proxy then neither files nor follows', async () => {
    const mother = await newCitizen(t.db, { birthDate: '1948-08-08' });
    const daughter = await newCitizen(t.db);
    const byProxy = await mandate(mother, daughter);
    const dToken = await signedIn(daughter);
    const filed = await submit(t, dToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mother.id },
    }).expect(201);
    const revoked = await t.http.post(`/api/v1/mandates/${byProxy}/revoke`).set(bearer(dToken)).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    await t.http.post(`/api/v1/mandates/${byProxy}/revoke`).set(bearer(dToken)).expect(409);
    await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(dToken)).expect(404);
    expect(await inHistory(dToken)).not.toContain(filed.body.id);
    // The mandator keeps their request.
    await t.http
      .get(`/api/v1/requests/${filed.body.id}`)
      .set(bearer(await signedIn(mother)))
      .expect(200);
    const after = await submit(t, dToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mother.id },
    }).expect(400);
    expect(after.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'noMandate' });

    const byMandator = await mandate(mother, daughter);
    const outsider = await newCitizen(t.db);
    await t.http
      .post(`/api/v1/mandates/${byMandator}/revoke`)
      .set(bearer(await signedIn(outsider)))
      .expect(404);
    await t.http
      .post(`/api/v1/mandates/${byMandator}/revoke`)
      .set(bearer(await signedIn(mother)))
      .expect(200);
    await submit(t, dToken, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM, beneficiary: { kind: 'mandator', id: mother.id } }).expect(
      400,
    );
  });

  it('records a legalised paper mandate at the counter; past its last day it lets the proxy neither file nor follow', async () => {
    const elder = await newCitizen(t.db, { birthDate: '1945-04-04' });
    const nephew = await newCitizen(t.db);
    const noRef = await t.http
      .post('/api/v1/mandates')
      .set(bearer(agent))
      .send({ mandatorId: elder.id, proxyCin: nephew.cin, procedures: ['RESIDENCE'], validUntil: NEXT_YEAR })
      .expect(400);
    expect(noRef.body.errors[0].field).toBe('paperRef');
    const tooLong = await t.http
      .post('/api/v1/mandates')
      .set(bearer(agent))
      .send({ mandatorId: elder.id, proxyCin: nephew.cin, procedures: ['RESIDENCE'], validUntil: '2099-01-01', paperRef: 'LEG-1' })
      .expect(400);
    expect(tooLong.body.errors[0]).toMatchObject({ field: 'validUntil', reason: 'tooLong' });
    const paper = await t.http
      .post('/api/v1/mandates')
      .set(bearer(agent))
      .send({ mandatorId: elder.id, proxyCin: nephew.cin, procedures: ['residence'], validUntil: NEXT_YEAR, paperRef: 'LEG-2026-0412' })
      .expect(201);
    expect(paper.body).toMatchObject({ status: 'active', basis: 'paper', paperRef: 'LEG-2026-0412', procedures: ['RESIDENCE'] });
    expect(await accessRows('agent1', elder.id)).toContain('family');
    const nToken = await signedIn(nephew);
    const filed = await submit(t, nToken, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: elder.id },
    }).expect(201);

    // Time passes: yesterday was its last day.
    await t.db.query(
      `UPDATE mandate SET valid_from = valid_from - interval '5 years', valid_until = (now() AT TIME ZONE 'Africa/Casablanca')::date - 1 WHERE id = $1`,
      [paper.body.id],
    );
    const expired = await submit(
      t,
      nToken,
      { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM, beneficiary: { kind: 'mandator', id: elder.id } },
      randomUUID(),
    ).expect(400);
    expect(expired.body.errors[0]).toMatchObject({ field: 'beneficiary.id', reason: 'mandateExpired' });
    await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(nToken)).expect(404);
    const listed = await t.http.get(`/api/v1/citizens/${elder.id}/mandates`).set(bearer(agent)).expect(200);
    expect(listed.body.find((m: { id: string }) => m.id === paper.body.id).status).toBe('expired');
  });
});
