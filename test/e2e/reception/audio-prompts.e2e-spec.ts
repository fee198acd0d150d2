import { bearer, createTestApp, TestApp } from '../../support/app';

// The starts of real audio files: an MP3 with its ID3 tag, an Ogg page, a WAV header.
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(400, 0x55)]);
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(400, 1)]);
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(400, 2)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

describe('reception: recorded prompts of the spoken guidance', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
    await t.db.query(`DELETE FROM audio_prompt`);
  });
  afterAll(() => t.close());

  const upload = (data: Buffer, name: string) =>
    t.http.post('/api/v1/signage/media').set(bearer(admin)).attach('file', data, name).expect(201);

  it('an admin maps an uploaded recording to a kiosk step and language; the kiosk and the display read it and play it', async () => {
    const mp3 = await upload(MP3, 'accueil-zgh.mp3');
    expect(mp3.body.contentType).toBe('audio/mpeg');
    const set = await t.http.put('/api/v1/signage/prompts/kiosk.start/zgh').set(bearer(admin)).send({ mediaId: mp3.body.id }).expect(200);
    expect(set.body).toMatchObject({
      step: 'kiosk.start',
      lang: 'zgh',
      mediaId: mp3.body.id,
      url: mp3.body.url,
      contentType: 'audio/mpeg',
    });

    const ogg = await upload(OGG, 'appel-fr.ogg');
    expect(ogg.body.contentType).toBe('audio/ogg');
    await t.http.put('/api/v1/signage/prompts/screen.call/fr').set(bearer(admin)).send({ mediaId: ogg.body.id }).expect(200);
    const wav = await upload(WAV, 'tamazight.wav');
    expect(wav.body.contentType).toBe('audio/wav');
    // Setting it again replaces the recording (one per step and language).
    await t.http.put('/api/v1/signage/prompts/kiosk.start/zgh').set(bearer(admin)).send({ mediaId: wav.body.id }).expect(200);

    for (const device of ['kiosk', 'display']) {
      const listed = await t.http
        .get('/api/v1/signage/prompts')
        .set(bearer(await t.token(device)))
        .expect(200);
      expect(listed.body.map((p: { step: string; lang: string; url: string }) => `${p.step}/${p.lang} ${p.url}`).sort()).toEqual(
        [`kiosk.start/zgh ${wav.body.url}`, `screen.call/fr ${ogg.body.url}`].sort(),
      );
    }
    const played = await t.http.get(wav.body.url).expect(200);
    expect(played.headers['content-type']).toBe('audio/wav');

    // A file a prompt plays is not removed; once the prompt is gone it is.
    const inUse = await t.http.delete(`/api/v1/signage/media/${wav.body.id}`).set(bearer(admin)).expect(409);
    expect(inUse.body.type).toMatch(/media-in-use/);
    await t.http.delete('/api/v1/signage/prompts/kiosk.start/zgh').set(bearer(admin)).expect(204);
    await t.http.delete('/api/v1/signage/prompts/kiosk.start/zgh').set(bearer(admin)).expect(404);
    await t.http.delete(`/api/v1/signage/media/${wav.body.id}`).set(bearer(admin)).expect(204);
    const after = await t.http
      .get('/api/v1/signage/prompts')
      .set(bearer(await t.token('kiosk')))
      .expect(200);
    expect(after.body.map((p: { step: string }) => p.step)).toEqual(['screen.call']);
  });

  it('refuses an unknown step or language, an image, and a file of no media, naming the field and writing nothing', async () => {
    const mp3 = await upload(MP3, 'piste.mp3');
    const png = await upload(PNG, 'plan.png');
    const count = async () => Number((await t.db.query(`SELECT count(*) FROM audio_prompt`))[0].count);
    const before = await count();
    const step = await t.http.put('/api/v1/signage/prompts/kiosk.nowhere/fr').set(bearer(admin)).send({ mediaId: mp3.body.id }).expect(400);
    expect(step.body.errors[0]).toMatchObject({ field: 'step' });
    const lang = await t.http.put('/api/v1/signage/prompts/kiosk.track/en').set(bearer(admin)).send({ mediaId: mp3.body.id }).expect(400);
    expect(lang.body.errors[0]).toMatchObject({ field: 'lang' });
    const image = await t.http.put('/api/v1/signage/prompts/kiosk.track/ar').set(bearer(admin)).send({ mediaId: png.body.id }).expect(400);
    expect(image.body.errors[0]).toMatchObject({ field: 'mediaId', reason: 'notAudio' });
    const none = await t.http
      .put('/api/v1/signage/prompts/kiosk.track/ar')
      .set(bearer(admin))
      .send({ mediaId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(none.body.errors[0]).toMatchObject({ field: 'mediaId', reason: 'notFound' });
    const notUuid = await t.http.put('/api/v1/signage/prompts/kiosk.track/ar').set(bearer(admin)).send({ mediaId: 'x' }).expect(400);
    expect(notUuid.body.errors[0]).toMatchObject({ field: 'mediaId' });
    expect(await count()).toBe(before);
  });

  it('lets only an admin change prompts, and only the admin and the devices read them', async () => {
    const mp3 = await upload(MP3, 'suivi.mp3');
    for (const login of ['kiosk', 'display', 'agent1', 'supervisor', 'reception']) {
      const token = await t.token(login);
      await t.http.put('/api/v1/signage/prompts/kiosk.track/ar').set(bearer(token)).send({ mediaId: mp3.body.id }).expect(403);
      await t.http.delete('/api/v1/signage/prompts/screen.call/fr').set(bearer(token)).expect(403);
    }
    for (const login of ['agent1', 'supervisor', 'reception']) {
      await t.http
        .get('/api/v1/signage/prompts')
        .set(bearer(await t.token(login)))
        .expect(403);
    }
    await t.http.get('/api/v1/signage/prompts').expect(401);
    await t.http.put('/api/v1/signage/prompts/kiosk.track/ar').send({ mediaId: mp3.body.id }).expect(401);
    await t.http.get('/api/v1/signage/prompts').set(bearer(admin)).expect(200);
  });
});
