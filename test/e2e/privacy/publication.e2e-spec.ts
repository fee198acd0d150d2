import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

/** The public Open311 lists, and every answer about one grievance (a 404 echoes the code asked). */
const LISTS = ['/open311/v2/requests.json', '/open311/v2/requests.xml'];
const PUBLIC_ANSWERS = (code: string) => [
  `/open311/v2/requests/${code}.json`,
  `/open311/v2/requests/${code}.xml`,
  `/open311/v2/tokens/${code}.json`,
  `/open311/v2/tokens/${code}.xml`,
];

describe('publication decided (law 09-08): Open311 shows only what the filer or staff chose to publish', () => {
  let t: TestApp;
  let supervisor: string;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.token('supervisor');
    // Open311 POST takes a partner's api_key (GeoReport v2).
    apiKey = (
      await t.http
        .post('/api/v1/partners')
        .set(bearer(await t.token('admin')))
        .send({ name: 'Civic client', scopes: ['dossiers:update'] })
        .expect(201)
    ).body.apiKey;
  });
  afterAll(async () => t.close());

  const publicTexts = async (code: string) => Promise.all([...LISTS, ...PUBLIC_ANSWERS(code)].map(async (u) => (await t.http.get(u)).text));
  /** Absent: in no list, and every answer about it a 404. */
  const absent = async (code: string, ...texts: string[]) => {
    for (const u of LISTS) {
      const text = (await t.http.get(u).expect(200)).text;
      for (const x of [code, ...texts]) expect(text).not.toContain(x);
    }
    for (const u of PUBLIC_ANSWERS(code)) {
      const res = await t.http.get(u).expect(404);
      for (const x of texts) expect(res.text).not.toContain(x);
    }
  };

  it('asks for an explicit choice at filing (400 naming publicConsent), signed in or anonymous', async () => {
    const c = await newCitizen(t.db);
    const body = { kind: 'grievance', subject: 'Accueil', description: 'Un agent a été très impoli ce matin.' };
    const signed = await t.http
      .post('/api/v1/grievances')
      .set(bearer(await t.token(c.cin, c.password)))
      .send(body)
      .expect(400);
    expect(signed.body.errors.map((e: { field: string }) => e.field)).toContain('publicConsent');
    const anon = await t.http
      .post('/api/v1/grievances')
      .send({ ...body, phone: '+212655555555', publicConsent: 'yes' })
      .expect(400);
    expect(anon.body.errors.map((e: { field: string }) => e.field)).toContain('publicConsent');
    const reception = await t.http
      .post('/api/v1/grievances')
      .set(bearer(await t.token('reception')))
      .send({ ...body, citizenId: c.id })
      .expect(400);
    expect(reception.body.errors.map((e: { field: string }) => e.field)).toContain('publicConsent');
  });

  it('a grievance without consent is absent from every Open311 answer until staff publish it; replies only when marked public', async () => {
    const subject = `Fuite d'eau ${Date.now()}`;
    const g = await t.http
      .post('/api/v1/grievances')
      .send({
        kind: 'observation',
        subject,
        description: 'Fuite devant le numéro 12 depuis deux jours.',
        phone: '+212655555556',
        publicConsent: false,
      })
      .expect(201);
    expect(g.body).toMatchObject({ publicConsent: false, published: false });
    const code = g.body.trackingCode;
    await absent(code, subject);

    const privateReply = `Réponse interne ${Date.now()}`;
    await t.http.post(`/api/v1/grievances/${g.body.id}/responses`).set(bearer(supervisor)).send({ body: privateReply }).expect(201);
    await t.http
      .post(`/api/v1/grievances/${g.body.id}/publication`)
      .set(bearer(await t.token('agent1')))
      .send({ public: true })
      .expect(403);
    const published = await t.http
      .post(`/api/v1/grievances/${g.body.id}/publication`)
      .set(bearer(supervisor))
      .send({ public: true })
      .expect(200);
    expect(published.body).toMatchObject({
      publicConsent: false,
      published: true,
      responses: [expect.objectContaining({ public: false })],
    });
    const one = await t.http.get(`/open311/v2/requests/${code}.json`).expect(200);
    expect(one.body[0]).toMatchObject({ service_request_id: code, status_notes: null });
    for (const text of await publicTexts(code)) expect(text).not.toContain(privateReply);

    const publicReply = `Les services municipaux interviennent demain ${Date.now()}`;
    await t.http
      .post(`/api/v1/grievances/${g.body.id}/responses`)
      .set(bearer(supervisor))
      .send({ body: publicReply, public: true })
      .expect(201);
    expect((await t.http.get(`/open311/v2/requests/${code}.json`).expect(200)).body[0].status_notes).toBe(publicReply);

    await t.http.post(`/api/v1/grievances/${g.body.id}/publication`).set(bearer(supervisor)).send({ public: false }).expect(200);
    await absent(code, subject, publicReply);
  });

  it('publishes with consent, and Open311 POST stays private unless attribute[public]=true', async () => {
    const g = await t.http
      .post('/api/v1/grievances')
      .send({
        kind: 'proposal',
        subject: `Bancs ${Date.now()}`,
        description: 'Des bancs dans la salle d’attente.',
        phone: '+212655555557',
        publicConsent: true,
      })
      .expect(201);
    expect(g.body.published).toBe(true);
    await t.http.get(`/open311/v2/requests/${g.body.trackingCode}.json`).expect(200);

    const silent = await t.http
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: apiKey, service_code: 'observation', description: 'Poubelles non ramassées rue 5.', phone: '0655555558' })
      .expect(201);
    expect(silent.body[0].service_notice).toMatch(/Not listed publicly/);
    await absent(silent.body[0].service_request_id, 'Poubelles non ramassées rue 5.');
    const agreed = await t.http
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: apiKey,
        service_code: 'observation',
        description: 'Poubelles non ramassées rue 6.',
        phone: '0655555559',
        'attribute[public]': 'true',
      })
      .expect(201);
    await t.http.get(`/open311/v2/requests/${agreed.body[0].service_request_id}.json`).expect(200);
    await t.http
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: apiKey,
        service_code: 'observation',
        description: 'Poubelles non ramassées rue 7.',
        phone: '0655555559',
        'attribute[public]': 'maybe',
      })
      .expect(400);
  });
});
