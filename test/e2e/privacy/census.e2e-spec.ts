import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../../libs/accounts/src/auth/passwords';
import { publishCount } from '../../../libs/metrics/src/metrics.service';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../../support/app';
import { newCin, newPhone } from '../../support/factories';
import { enrolSecondFactor } from '../../support/second-factor';

const BY = ['neighbourhood', 'sex', 'age'] as const;
const MAX = 400;

type Range = [number, number];
type RangeOf = (published: number | null, suppressed: boolean) => Range;
/** What an attacker knows of a count from what was published: every n that publishes the same. */
const publishedRangeOf: RangeOf = (published, suppressed) => {
  // A suppressed cell may be a small one or the one hidden to protect it: any count of one or more.
  if (suppressed || published === null) return [suppressed ? 1 : 0, MAX];
  const ns = [...Array(MAX + 1).keys()].filter((n) => publishCount(n) === published);
  return [Math.min(...ns), Math.max(...ns)];
};
/** The publication before: counts exact, small cells hidden. */
const exactRangeOf: RangeOf = (published, suppressed) => (suppressed || published === null ? [1, MAX] : [published, published]);

interface Census {
  total: number | null;
  cells: { key: string; count: number | null; suppressed: boolean }[];
  movements: { movedIn: number | null; movedOut: number | null }[];
}

/**
 * The attacker combines every answer: the total and each breakdown bound the number of residents
 * T (the breakdowns share it), and then each hidden cell is T minus its breakdown's other cells.
 * Returns the hidden cells whose count the answers pin to a single value.
 */
function derivable(answers: Record<(typeof BY)[number], Census>, rangeOf: RangeOf = publishedRangeOf): string[] {
  // A total not published is under 5.
  let [tLo, tHi] = answers.neighbourhood.total === null ? [1, 4] : rangeOf(answers.neighbourhood.total, false);
  for (const by of BY) {
    const rs = answers[by].cells.map((c) => rangeOf(c.count, c.suppressed));
    tLo = Math.max(
      tLo,
      rs.reduce((n, r) => n + r[0], 0),
    );
    tHi = Math.min(
      tHi,
      rs.reduce((n, r) => n + r[1], 0),
    );
  }
  const pinned: string[] = [];
  for (const by of BY) {
    const rs = answers[by].cells.map((c) => rangeOf(c.count, c.suppressed));
    answers[by].cells.forEach((c, i) => {
      if (!c.suppressed) return;
      const othersLo = rs.reduce((n, r, j) => (j === i ? n : n + r[0]), 0);
      const othersHi = rs.reduce((n, r, j) => (j === i ? n : n + r[1]), 0);
      const lo = Math.max(rs[i][0], tLo - othersHi);
      const hi = Math.min(rs[i][1], tHi - othersLo);
      if (lo >= hi) pinned.push(`${by}:${c.key}=${lo}`);
    });
  }
  return pinned;
}

describe('census (law 09-08): nothing hidden can be derived from any combination of answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  /** A fresh annex with neighbourhoods and residents [neighbourhood, sex, birth year, moved in this month?]. */
  async function annexWith(hoods: string[], people: [string, 'F' | 'M', number][]): Promise<string> {
    const code = `P${randomUUID().slice(0, 5).toUpperCase()}`;
    const [annex] = await t.db.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ($1, $2, $3, 'Berkane', 'Berkane') RETURNING id`,
      [code, code, code],
    );
    const ids: Record<string, string> = {};
    for (const h of hoods)
      [{ id: ids[h] }] = await t.db.query(
        `INSERT INTO neighbourhood (annex_id, code, name_ar, name_fr) VALUES ($1, $2, $3, $4) RETURNING id`,
        [annex.id, h, h, h],
      );
    for (const [h, sex, year] of people) {
      await t.db.query(
        `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone, neighbourhood_id, status)
         VALUES ($1, $2, 'A', 'B', 'أ', 'ب', $3, $4, $5, $6, 'unclaimed')`,
        [annex.id, newCin(), `${year}-06-01`, sex, newPhone(), ids[h]],
      );
    }
    const username = `census-${code.toLowerCase()}`;
    const [staff] = await t.db.query(
      `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES ($1, $2, 'S', 'supervisor', $3) RETURNING id`,
      [annex.id, username, await hashPassword(DEMO_PASSWORD)],
    );
    // A supervisor must have a second factor: the test app's.
    await enrolSecondFactor(t.db, staff.id);
    return t.token(username);
  }

  const answers = async (token: string) =>
    Object.fromEntries(
      await Promise.all(
        BY.map(async (by) => [by, (await t.http.get('/api/v1/metrics/census').query({ by }).set(bearer(token)).expect(200)).body]),
      ),
    ) as Record<(typeof BY)[number], Census>;

  const people = (spec: [string, number, 'F' | 'M', number][]) =>
    spec.flatMap(([h, n, sex, year]) => Array.from({ length: n }, () => [h, sex, year] as [string, 'F' | 'M', number]));

  it('one neighbourhood with one resident: the total no longer gives the hidden cell away', async () => {
    const token = await annexWith(['Q1'], people([['Q1', 1, 'F', 1980]]));
    const a = await answers(token);
    expect(a.neighbourhood).toMatchObject({ total: null, cells: [{ key: 'Q1', count: null, suppressed: true }] });
    expect(derivable(a)).toEqual([]);
  });

  it.each([
    [
      'two small neighbourhoods, same sex and age',
      ['Q1', 'Q2'],
      [
        ['Q1', 1, 'F', 1980],
        ['Q2', 1, 'F', 1980],
      ],
    ],
    [
      'a small and a large neighbourhood, sexes 4 and 4',
      ['Q1', 'Q2'],
      [
        ['Q1', 1, 'F', 1980],
        ['Q2', 3, 'F', 1980],
        ['Q2', 4, 'M', 1980],
      ],
    ],
    [
      'many cells, one small, one empty',
      ['Q1', 'Q2', 'Q3', 'Q4'],
      [
        ['Q1', 7, 'F', 1990],
        ['Q2', 3, 'M', 1950],
        ['Q4', 6, 'M', 2010],
        ['Q1', 12, 'M', 1970],
      ],
    ],
    [
      'one hidden cell beside exact-looking ones',
      ['Q1', 'Q2', 'Q3'],
      [
        ['Q1', 10, 'F', 1990],
        ['Q2', 10, 'M', 1990],
        ['Q3', 2, 'F', 1990],
      ],
    ],
  ] as [string, string[], [string, number, 'F' | 'M', number][]][])('%s', async (_name, hoods, spec) => {
    const token = await annexWith(hoods, people(spec));
    const a = await answers(token);
    expect(derivable(a)).toEqual([]);
    // Every count published is 0, a multiple of 5, or nothing; movements too.
    for (const by of BY) {
      for (const c of a[by].cells) expect(c.count === null || c.count % 5 === 0).toBe(true);
      expect(a[by].total === null || a[by].total! % 5 === 0).toBe(true);
    }
    for (const m of a.neighbourhood.movements) for (const v of [m.movedIn, m.movedOut]) expect(v === null || v % 5 === 0).toBe(true);
  });

  it('movements are suppressed like cells: 1-4 moves in a month are not published', async () => {
    const token = await annexWith(
      ['Q1'],
      people([
        ['Q1', 3, 'F', 1980],
        ['Q1', 7, 'M', 1980],
      ]),
    );
    const a = await answers(token);
    // All ten moved in this month (residence_from defaults to today).
    expect(a.neighbourhood.movements.at(-1)).toEqual(expect.objectContaining({ movedIn: 10, movedOut: 0 }));
    expect(a.sex.cells).toEqual([
      expect.objectContaining({ key: 'F', count: null, suppressed: true }),
      expect.objectContaining({ key: 'M', count: null, suppressed: true }),
    ]);
    const small = await annexWith(['Q1'], people([['Q1', 2, 'F', 1980]]));
    expect((await answers(small)).neighbourhood.movements.at(-1)).toEqual(expect.objectContaining({ movedIn: null }));
  });

  it('the derivation check itself finds what the old publication gave away', () => {
    // The answer of the issue: total 1, its only cell hidden.
    const old = { total: 1, cells: [{ key: 'Q1', count: null, suppressed: true }], movements: [] };
    expect(derivable({ neighbourhood: old, sex: old, age: old }, exactRangeOf)).toEqual(['neighbourhood:Q1=1', 'sex:Q1=1', 'age:Q1=1']);
  });
});
