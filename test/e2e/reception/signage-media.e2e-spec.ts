import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '@app/core';
import { bearer, createTestApp, sessionToken, TestApp } from '../../support/app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
// The start of an MP4: a 'ftyp' box, then bytes standing for the movie.
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.alloc(12),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)),
]);

describe('reception: screen media', () => {
  let t: TestApp;
  let admin: string;
  const previousMax = process.env.SIGNAGE_MEDIA_MAX_BYTES;
  beforeAll(async () => {
    process.env.SIGNAGE_MEDIA_MAX_BYTES = '65536';
    t = await createTestApp();
    admin = await t.token('admin');
  });
  afterAll(async () => {
    if (previousMax === undefined) delete process.env.SIGNAGE_MEDIA_MAX_BYTES;
    else process.env.SIGNAGE_MEDIA_MAX_BYTES = previousMax;
    await t.close();
  });

  const upload = (data: Buffer, name: string, token = admin) =>
    t.http.post('/api/v1/signage/media').set(bearer(token)).attach('file', data, name);

  it('stores a video, serves it whole and by byte range, and a screen item plays it', async () => {
    const up = await upload(MP4, 'visite-annexe.mp4').expect(201);
    expect(up.body).toMatchObject({
      fileName: 'visite-annexe.mp4',
      contentType: 'video/mp4',
      sizeBytes: MP4.length,
      url: `/api/v1/signage/media/${up.body.id}`,
    });

    const whole = await t.http
      .get(up.body.url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(whole.body as Buffer, MP4)).toBe(0);

    const part = await t.http
      .get(up.body.url)
      .set('Range', 'bytes=100-199')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${MP4.length}`);
    expect(Buffer.compare(part.body as Buffer, MP4.subarray(100, 200))).toBe(0);
    await t.http
      .get(up.body.url)
      .set('Range', `bytes=${MP4.length + 10}-`)
      .expect(416);

    const item = await t.http
      .post('/api/v1/signage')
      .set(bearer(admin))
      .send({ kind: 'video', title: { fr: "Visite de l'annexe", ar: 'جولة في الملحقة' }, mediaUrl: up.body.url })
      .expect(201);
    const screen = await t.http.get('/api/v1/signage').expect(200);
    expect(screen.body.nextCursor).toBeNull();
    expect(screen.body.items.find((s: { id: string }) => s.id === item.body.id).mediaUrl).toBe(up.body.url);
    await t.http
      .get(`/api/v1/signage/${item.body.id}`)
      .expect(200)
      .expect((r) => expect(r.body).toMatchObject({ id: item.body.id, mediaUrl: up.body.url }));
    await t.http.get('/api/v1/signage/00000000-0000-4000-8000-000000000000').expect(404);

    const listed = await t.http.get('/api/v1/signage/media').set(bearer(admin)).expect(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(up.body.id);

    // Still played by a screen item: not removed (the screens would get a 404).
    const inUse = await t.http.delete(`/api/v1/signage/media/${up.body.id}`).set(bearer(admin)).expect(409);
    expect(inUse.body.type).toMatch(/media-in-use/);
    await t.http.get(up.body.url).expect(200);
  });

  const mediaDir = () => join(t.app.get(AppConfig).UPLOAD_DIR, 'signage-media');
  const files = async () => (await readdir(mediaDir())).length;
  const rows = async () => Number((await t.db.query(`SELECT count(*) FROM signage_media`))[0].count);

  it('takes images, refuses other content and oversized files, with the field named and nothing left behind', async () => {
    await upload(PNG, 'plan.png')
      .expect(201)
      .expect((r) => expect(r.body.contentType).toBe('image/png'));
    const before = await rows();
    const filesBefore = await files();
    const text = await upload(Buffer.from('<script>alert(1)</script>'), 'clip.mp4').expect(415);
    expect(text.body.errors[0]).toMatchObject({ field: 'file', reason: 'fileType' });
    const big = await upload(Buffer.concat([MP4, Buffer.alloc(70_000)]), 'long.mp4').expect(413);
    expect(big.body.errors[0]).toMatchObject({ field: 'file', reason: 'tooLarge' });
    await t.http.post('/api/v1/signage/media').set(bearer(admin)).send({ file: 'x' }).expect(415);
    expect(await rows()).toBe(before);
    expect(await files()).toBe(filesBefore);
  });

  it('answers a province-wide admin (no annex) with a 400 naming the annex, writing nothing', async () => {
    const [a] = await t.db.query(`SELECT id FROM staff WHERE username = 'admin'`);
    const provinceWide = await sessionToken(t, {
      sub: a.id,
      kind: 'staff',
      role: 'admin',
      annexId: null,
      counter: null,
      channel: 'counter',
    });
    const [before, filesBefore] = [await rows(), await files()];
    const res = await upload(PNG, 'plan.png', provinceWide).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'annex', reason: 'required' });
    await t.http.get('/api/v1/signage/media').set(bearer(provinceWide)).expect(400);
    expect([await rows(), await files()]).toEqual([before, filesBefore]);
  });

  it('answers 404, not 500, for a file whose row outlived it', async () => {
    const up = await upload(PNG, 'perdu.png').expect(201);
    await rm(join(mediaDir(), up.body.id));
    await t.http.get(up.body.url).expect(404);
  });

  it('lets only an admin upload or remove; anyone may play', async () => {
    const up = await upload(PNG, 'quartier.png').expect(201);
    await upload(PNG, 'x.png', await t.token('agent1')).expect(403);
    await upload(PNG, 'x.png', await t.token('display')).expect(403);
    await t.http.post('/api/v1/signage/media').attach('file', PNG, 'x.png').expect(401);
    await t.http
      .delete(`/api/v1/signage/media/${up.body.id}`)
      .set(bearer(await t.token('supervisor')))
      .expect(403);
    await t.http.get(up.body.url).expect(200);
    await t.http.delete(`/api/v1/signage/media/${up.body.id}`).set(bearer(admin)).expect(204);
    await t.http.get(up.body.url).expect(404);
  });
});
