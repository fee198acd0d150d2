import { randomUUID } from 'node:crypto';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';
import { apiKey, forwardedDossier, newPartner } from '../interop/helpers';
import { RESIDENCE_FORM } from '../requests/helpers';
import { footprint, otherAnnexId } from './helpers';

/** Issue 18's partner holes: a key reaches only dossiers forwarded to its own agency, in its annex, with the scope for the act. */
describe('Partners act only within their agency, annex and scopes', () => {
  let t: TestApp;
  let other: string;

  beforeAll(async () => {
    t = await createTestApp();
    other = await otherAnnexId(t.db);
  });
  afterAll(() => t?.close());

  const update = (
    code: string,
    key: string,
    body: object = { updateId: randomUUID(), status: 'refused', reason: 'dossier incomplet', occurredAt: new Date().toISOString() },
  ) => t.http.post(`/api/v1/interop/dossiers/${code}/updates`).set(apiKey(key)).send(body);

  it('records the agency a request is forwarded to', async () => {
    const d = await forwardedDossier(t);
    const [row] = await t.db.query(`SELECT agency_code FROM service_request WHERE id = $1`, [d.id]);
    expect(row.agency_code).toBe('DGSN');
    const staff = await t.token('supervisor');
    expect((await t.http.get(`/api/v1/requests/${d.id}`).set(bearer(staff)).expect(200)).body.agencyCode).toBe('DGSN');
  });

  it('refuses the generic transition route to every partner key, and changes nothing', async () => {
    const d = await forwardedDossier(t);
    const before = await footprint(t.db, d.id);
    // The reported attack: a certificates:verify key of another annex rejecting a passport dossier.
    const verifier = await newPartner(t, ['certificates:verify'], { annexId: other });
    const all = await newPartner(t, ['dossiers:read', 'dossiers:update', 'requests:create', 'certificates:verify', 'webhooks:manage']);
    for (const key of [verifier.apiKey, all.apiKey]) {
      const res = await t.http
        .post(`/api/v1/requests/${d.id}/transitions`)
        .set(apiKey(key))
        .send({ to: 'rejected', reason: 'refusé', version: before.version })
        .expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await footprint(t.db, d.id)).toEqual(before);
  });

  it('takes dossier updates only from its own agency, in its annex, with dossiers:update', async () => {
    const d = await forwardedDossier(t);
    const before = await footprint(t.db, d.id);
    const otherAgency = await newPartner(t, ['dossiers:update'], { agencyCode: 'PROVINCE' });
    const otherAnnex = await newPartner(t, ['dossiers:update'], { annexId: other });
    const noAgency = await newPartner(t, ['dossiers:update'], { agencyCode: undefined });
    const reader = await newPartner(t, ['dossiers:read']);
    await update(d.trackingCode, otherAgency.apiKey).expect(404);
    await update(d.trackingCode, otherAnnex.apiKey).expect(404);
    await update(d.trackingCode, noAgency.apiKey).expect(404);
    await update(d.trackingCode, reader.apiKey).expect(403);
    expect(await footprint(t.db, d.id)).toEqual(before);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM dossier_update WHERE request_id = $1`, [d.id]))[0].n).toBe(0);

    // The agency the dossier went to, province-wide or bound to the dossier's annex, may.
    const [{ annex_id: annexId }] = await t.db.query(`SELECT annex_id FROM service_request WHERE id = $1`, [d.id]);
    const own = await newPartner(t, ['dossiers:update'], { annexId });
    expect((await update(d.trackingCode, own.apiKey).expect(200)).body).toMatchObject({ outcome: 'applied', requestState: 'rejected' });
  });

  it('lets a partner read a dossier only with dossiers:read and the same binding', async () => {
    const d = await forwardedDossier(t);
    const read = (key: string, path = '') => t.http.get(`/api/v1/requests/${d.id}${path}`).set(apiKey(key));
    const reader = await newPartner(t, ['dossiers:read']);
    const updater = await newPartner(t, ['dossiers:update']);
    const otherAgency = await newPartner(t, ['dossiers:read'], { agencyCode: 'PROVINCE' });
    const otherAnnex = await newPartner(t, ['dossiers:read'], { annexId: other });
    expect((await read(reader.apiKey).expect(200)).body.trackingCode).toBe(d.trackingCode);
    await read(reader.apiKey, '/events').expect(200);
    for (const path of ['', '/events']) {
      await read(updater.apiKey, path).expect(403);
      await read(otherAgency.apiKey, path).expect(404);
      await read(otherAnnex.apiKey, path).expect(404);
    }
    // A request of the annex never forwarded: not even its existence.
    const c = await newCitizen(t.db);
    const local = await t.http
      .post('/api/v1/requests')
      .set(bearer(await t.token(c.cin, c.password)))
      .set('Idempotency-Key', randomUUID())
      .send({ procedureCode: 'RESIDENCE', form: RESIDENCE_FORM })
      .expect(201);
    await t.http.get(`/api/v1/requests/${local.body.id}`).set(apiKey(reader.apiKey)).expect(404);
  });

  it('files for a citizen only with requests:create and the annex binding', async () => {
    const c = await newCitizen(t.db);
    const body = { procedureCode: 'RESIDENCE', citizenId: c.id, form: RESIDENCE_FORM };
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM service_request WHERE citizen_id = $1`, [c.id]))[0].n;
    const verifier = await newPartner(t, ['certificates:verify']);
    const elsewhere = await newPartner(t, ['requests:create'], { annexId: other });
    await t.http.post('/api/v1/requests').set(apiKey(verifier.apiKey)).send(body).expect(403);
    const bad = await t.http.post('/api/v1/requests').set(apiKey(elsewhere.apiKey)).send(body).expect(400);
    expect(bad.body.errors[0].field).toBe('citizenId');
    expect(await count()).toBe(0);
    const filer = await newPartner(t, ['requests:create']);
    await t.http.post('/api/v1/requests').set(apiKey(filer.apiKey)).send(body).expect(201);
    expect(await count()).toBe(1);
  });
});
