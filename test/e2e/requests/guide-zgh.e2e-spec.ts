import { bearer, createTestApp, TestApp } from '../../support/app';

describe('guide: Tamazight (zgh) texts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const definitionOf = async (code: string) => {
    const {
      code: _c,
      version: _v,
      versionId: _i,
      updatedAt: _u,
      ...definition
    } = (await t.http.get(`/api/v1/procedures/${code}`).expect(200)).body;
    return definition;
  };

  it('an admin gives a procedure its Tamazight name; the guide answers it, and texts without one stay without', async () => {
    const admin = await t.token('admin');
    const definition = await definitionOf('CELIBACY');
    expect(definition.name.zgh).toBeUndefined();
    const name = { ...definition.name, zgh: 'ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵙⵏⴰⵜⵓ' };
    await t.http
      .put('/api/v1/procedures/CELIBACY')
      .set(bearer(admin))
      .send({ ...definition, name })
      .expect(200);
    const shown = await t.http.get('/api/v1/procedures/CELIBACY').expect(200);
    expect(shown.body.name).toEqual(name);
    expect(shown.body.description.zgh).toBeUndefined();
    const listed = await t.http.get('/api/v1/procedures').query({ category: 'civil_status' }).expect(200);
    expect(listed.body.items.find((p: { code: string }) => p.code === 'CELIBACY').name.zgh).toBe('ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵙⵏⴰⵜⵓ');
  });

  it('refuses a Tamazight text not written in Tifinagh, or empty, naming the field, and keeps the version', async () => {
    const admin = await t.token('admin');
    const definition = await definitionOf('LIFE');
    const before = (await t.http.get('/api/v1/procedures/LIFE').expect(200)).body.version;
    for (const zgh of ['Aselkin n tudert', '', 42]) {
      const bad = await t.http
        .put('/api/v1/procedures/LIFE')
        .set(bearer(admin))
        .send({ ...definition, name: { ...definition.name, zgh } })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([expect.stringMatching(/name\.zgh$/)]));
    }
    expect((await t.http.get('/api/v1/procedures/LIFE').expect(200)).body.version).toBe(before);
  });
});
