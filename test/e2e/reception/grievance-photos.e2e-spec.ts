import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 5)]);

describe('grievances: photos', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const grievance = {
    kind: 'grievance',
    subject: 'Trottoir cassé',
    description: "Le trottoir devant l'école Al Amal est cassé depuis un mois.",
    publicConsent: false,
  };
  const photo = (id: string, data: Buffer, name: string) => t.http.post(`/api/v1/grievances/${id}/photos`).attach('file', data, name);

  it('lets someone without an account add photos with the token given once at filing, and staff see them', async () => {
    const filed = await t.http
      .post('/api/v1/grievances')
      .send({ ...grievance, phone: '+212644444444' })
      .expect(201);
    const { id, photoToken } = filed.body;
    expect(photoToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await photo(id, PNG, 'trottoir.png').expect(404);
    await photo(id, PNG, 'trottoir.png').set('X-Grievance-Token', 'not-the-token').expect(404);
    const added = await photo(id, PNG, 'trottoir.png').set('X-Grievance-Token', photoToken).expect(201);
    expect(added.body).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });

    const reception = await t.token('reception');
    const seen = await t.http.get(`/api/v1/grievances/${id}`).set(bearer(reception)).expect(200);
    expect(seen.body.photos).toEqual([expect.objectContaining({ id: added.body.id, contentType: 'image/png' })]);
    expect(seen.body.photoToken).toBeUndefined();
    const file = await t.http.get(`/api/v1/grievances/${id}/photos/${added.body.id}`).set(bearer(reception)).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);
    await t.http.get(`/api/v1/grievances/${id}/photos/${added.body.id}`).expect(401);

    // The token expires: after the hour, nothing more is added.
    await t.db.query(`UPDATE grievance SET photo_token_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await photo(id, JPEG, 'encore.jpg').set('X-Grievance-Token', photoToken).expect(404);
  });

  it('gives a grievance filed at the kiosk a photo token, with which the kiosk adds a photo', async () => {
    const kiosk = await t.token('kiosk');
    const filed = await t.http
      .post('/api/v1/grievances')
      .set(bearer(kiosk))
      .send({ ...grievance, phone: '+212612345678' })
      .expect(201);
    expect(filed.body.photoToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await photo(filed.body.id, PNG, 'rue.png').set(bearer(kiosk)).expect(403);
    await photo(filed.body.id, PNG, 'rue.png').set(bearer(kiosk)).set('X-Grievance-Token', filed.body.photoToken).expect(201);
  });

  it('lets the citizen who filed add photos, up to five, and nobody else', async () => {
    const a = await newCitizen(t.db);
    const b = await newCitizen(t.db);
    const ta = await t.token(a.cin, a.password);
    const filed = await t.http.post('/api/v1/grievances').set(bearer(ta)).send(grievance).expect(201);
    expect(filed.body.photoToken).toBeUndefined();
    const id = filed.body.id;

    await photo(id, JPEG, 'vue.jpg')
      .set(bearer(await t.token(b.cin, b.password)))
      .expect(404);
    await photo(id, JPEG, 'vue.jpg')
      .set(bearer(await t.token('kiosk')))
      .expect(403);
    const text = await photo(id, Buffer.from('just words, no picture'), 'vue.jpg').set(bearer(ta)).expect(415);
    expect(text.body.errors[0]).toMatchObject({ field: 'file', reason: 'fileType' });

    const uploads = await Promise.all(Array.from({ length: 6 }, (_, i) => photo(id, JPEG, `vue-${i}.jpg`).set(bearer(ta))));
    expect(uploads.filter((r) => r.status === 201)).toHaveLength(5);
    expect(uploads.filter((r) => r.status === 409)).toHaveLength(1);
    const mine = await t.http.get(`/api/v1/grievances/${id}`).set(bearer(ta)).expect(200);
    expect(mine.body.photos).toHaveLength(5);
    await t.http
      .get(`/api/v1/grievances/${id}/photos/${mine.body.photos[0].id}`)
      .set(bearer(await t.token(b.cin, b.password)))
      .expect(404);
  });
});
