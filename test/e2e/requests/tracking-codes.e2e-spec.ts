import { createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, RESIDENCE_FORM, submit } from './helpers';

describe('tracking codes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t.close());

  it('number requests per annex and year from 1, one after the other, even when filed at once', async () => {
    const c = await citizenWithTokens(t);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++)
      codes.push((await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201)).body.trackingCode);
    const [a, b] = codes.map((code) => Number(/^BRK5-\d{4}-(\d{6})$/.exec(code)![1]));
    expect(a).toBeGreaterThanOrEqual(1);
    expect(b).toBe(a + 1);
    const parallel = await Promise.all(
      Array.from({ length: 10 }, () => submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201)),
    );
    const numbers = parallel.map((r) => r.body.trackingCode);
    expect(new Set(numbers).size).toBe(10);
  });
});
