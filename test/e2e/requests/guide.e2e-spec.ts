import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';
import { submit } from './helpers';

describe('digital guide', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t.close());

  const CODES = ['CELIBACY', 'FAMILY_SUPPORT', 'FIREARM', 'INCOME', 'LIFE', 'NON_REMARRIAGE', 'PASSPORT', 'RESIDENCE'];

  it('lists the seeded catalogue publicly, in three languages, with cursor pagination', async () => {
    // Pages of 5 until the cursor ends (other files of this jest worker may have added procedures).
    const items: { code: string; name: Record<string, string> }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: typeof items; nextCursor: string | null } } = await t.http
        .get(`/api/v1/procedures?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      if (page.body.nextCursor) expect(page.body.items).toHaveLength(5);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor && ++pages < 50);
    expect(cursor).toBeNull();
    const codes = items.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(CODES));
    const celibacy = items.find((p) => p.code === 'CELIBACY')!;
    expect(celibacy.name).toEqual({ ar: expect.any(String), fr: expect.any(String), en: expect.any(String) });
  });

  it('answers a reader who has the list already with 304 and no body', async () => {
    const first = await t.http.get('/api/v1/procedures?limit=5').expect(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    expect(first.body.items).toHaveLength(5);
    const again = await t.http.get('/api/v1/procedures?limit=5').set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text).toBeFalsy();
    const other = await t.http.get('/api/v1/procedures?limit=4').set('If-None-Match', first.headers.etag).expect(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it('describes a procedure: documents, fee, SLA, channels, fields and certificate template', async () => {
    const res = await t.http.get('/api/v1/procedures/RESIDENCE').expect(200);
    expect(res.body).toMatchObject({
      code: 'RESIDENCE',
      name: { ar: 'شهادة السكنى', fr: 'Certificat de résidence' },
      feeMad: 0,
      slaHours: 24,
      external: false,
      issuesCertificate: true,
      version: 1,
      channels: expect.arrayContaining(['web', 'kiosk', 'counter']),
    });
    expect(res.body.documents.map((d: { code: string }) => d.code)).toContain('CIN');
    expect(res.body.fields.find((f: { key: string }) => f.key === 'purpose')).toMatchObject({ type: 'choice', required: true });
    expect(res.body.certificateTemplate.fr).toContain('{{fullName}}');
    const passport = await t.http.get('/api/v1/procedures/PASSPORT').expect(200);
    expect(passport.body).toMatchObject({
      external: true,
      externalAgency: { fr: 'Direction générale de la Sûreté nationale' },
      certificateTemplate: null,
    });
    await t.http.get('/api/v1/procedures/NOPE').expect(404);
  });

  it('tolerates what people type: accents or none, misspellings, Arabic forms, synonyms; and offers the nearest when nothing matches', async () => {
    const search = async (q: string) =>
      (await t.http.get('/api/v1/procedures').query({ q }).expect(200)).body.items.map((p: { code: string }) => p.code);
    for (const q of ['résidence', 'residence', 'résidance', 'residense', 'RESIDENCE', 'domicile', 'certificat de domicile']) {
      expect([q, await search(q)]).toEqual([q, expect.arrayContaining(['RESIDENCE'])]);
    }
    // Arabic: with and without the article, tatweel, diacritics, ة/ه, ى/ي, hamza forms.
    for (const q of ['السكنى', 'سكنى', 'سكني', 'شهادة السكنى', 'شهاده السكنى', 'السـكنى', 'السُّكْنَى', 'سكن']) {
      expect([q, await search(q)]).toEqual([q, expect.arrayContaining(['RESIDENCE'])]);
    }
    expect(await search('xylophone')).toEqual([]);
    const nearest = await t.http.get('/api/v1/procedures/nearest').query({ q: 'certifica residanse' }).expect(200);
    expect(nearest.body[0].code).toBe('RESIDENCE');
    await t.http
      .get('/api/v1/procedures/nearest')
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('q'));
  });

  it('searches in Arabic, French (accents ignored, prefixes) and English, and filters by category', async () => {
    const search = async (qs: string) =>
      (await t.http.get(`/api/v1/procedures?${qs}`).expect(200)).body.items.map((p: { code: string }) => p.code);
    expect(await search(`q=${encodeURIComponent('السكنى')}`)).toEqual(['RESIDENCE']);
    expect(await search('q=residence')).toEqual(['RESIDENCE']);
    expect(await search(`q=${encodeURIComponent('célib')}`)).toEqual(['CELIBACY']);
    expect(await search('q=passport&lang=en')).toEqual(['PASSPORT']);
    expect(await search('q=passport&lang=ar')).toEqual([]);
    expect(await search('category=civil_status')).toEqual(['CELIBACY', 'LIFE', 'NON_REMARRIAGE']);
    // Query syntax in the search box is just text.
    expect(await search(`q=${encodeURIComponent("':* & !|(")}`)).toEqual(expect.any(Array));
    const bad = await t.http.get('/api/v1/procedures?lang=de').expect(400);
    expect(bad.body.errors[0].field).toBe('lang');
  });

  it('lets only an admin edit the guide; an edit is a new version and old requests keep theirs', async () => {
    const current = (await t.http.get('/api/v1/procedures/LIFE').expect(200)).body;
    const { code: _c, version: _v, versionId: _i, updatedAt: _u, ...definition } = current;
    const citizen = await newCitizen(t.db);
    const ctoken = await t.token(citizen.cin, citizen.password);
    const before = await submit(t, ctoken, { procedureCode: 'LIFE', form: { recipientBody: 'cmr' } }).expect(201);

    await t.http
      .put('/api/v1/procedures/LIFE')
      .send({ ...definition, slaHours: 8 })
      .expect(401);
    await t.http
      .put('/api/v1/procedures/LIFE')
      .set(bearer(await t.token('supervisor')))
      .send({ ...definition, slaHours: 8 })
      .expect(403);
    const admin = await t.token('admin');
    const edited = await t.http
      .put('/api/v1/procedures/LIFE')
      .set(bearer(admin))
      .send({ ...definition, slaHours: 8 })
      .expect(200);
    expect(edited.body).toMatchObject({ version: current.version + 1, slaHours: 8 });
    expect(edited.body.versionId).not.toBe(current.versionId);

    const after = await submit(t, ctoken, { procedureCode: 'LIFE', form: { recipientBody: 'cnss' } }).expect(201);
    expect(before.body.procedureVersionId).toBe(current.versionId);
    expect(after.body.procedureVersionId).toBe(edited.body.versionId);

    const bad = await t.http
      .put('/api/v1/procedures/LIFE')
      .set(bearer(admin))
      .send({ ...definition, external: true, externalAgency: null, slaHours: 0 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['slaHours']));
  });

  it('creates a new procedure (admin), refusing a duplicate code and inconsistent definitions', async () => {
    const admin = await t.token('admin');
    const text = { ar: 'شهادة إدارية', fr: 'Attestation administrative', en: 'Administrative certificate' };
    const body = {
      code: 'ADMIN_CERT',
      category: 'residence',
      name: text,
      description: text,
      documents: [],
      feeMad: 0,
      slaHours: 8,
      channels: ['counter'],
      inPerson: true,
      external: false,
      fields: [{ key: 'motive', type: 'choice', required: true, label: text }],
      issuesCertificate: true,
    };
    const bad = await t.http.post('/api/v1/procedures').set(bearer(admin)).send(body).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['certificateTemplate', 'fields.0.options']);
    const ok = {
      ...body,
      fields: [{ ...body.fields[0], options: [{ value: 'other', label: text }] }],
      certificateTemplate: { ar: 'نص {{fullNameAr}}', fr: 'Texte {{fullName}}' },
    };
    const created = await t.http.post('/api/v1/procedures').set(bearer(admin)).send(ok).expect(201);
    expect(created.body).toMatchObject({ code: 'ADMIN_CERT', version: 1 });
    await t.http.post('/api/v1/procedures').set(bearer(admin)).send(ok).expect(409);
  });
});
