import { types } from 'pg';
import { parseTimestamptz } from './timestamptz';

// pg's own parser (this test does not install ours).
const parseDate = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (s: string) => unknown;

const fallback = jest.fn((s: string) => parseDate(s));

describe('parseTimestamptz', () => {
  beforeEach(() => fallback.mockClear());

  it.each([
    '2026-11-25 08:15:19+00',
    '2026-11-25 08:15:19.8+00',
    '2026-11-25 08:15:19.84+00',
    '2026-11-25 08:15:19.845+00',
    '2026-11-25 08:15:19.845999+00',
    '2026-11-25 00:00:00.000001+01',
    '2026-03-29 01:59:59.999999-11',
    '1999-12-31 23:59:59.5+05:30',
    '1912-01-01 00:00:00+00:09:21',
    '2026-02-28 23:30:00-03:30',
    '0100-01-01 00:00:00+00',
  ])('reads %s by position, exactly as pg does', (s) => {
    const ours = parseTimestamptz(s, fallback) as Date;
    expect(fallback).not.toHaveBeenCalled();
    expect(ours.getTime()).toBe((parseDate(s) as Date).getTime());
  });

  it('agrees with pg on 5,000 instants, fractions and offsets (seeded, so a failure repeats)', () => {
    let seed = 20261125;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pad = (v: number, w = 2) => String(v).padStart(w, '0');
    for (let k = 0; k < 5000; k++) {
      const t = Date.UTC(1900, 0, 1) + Math.floor(rand() * 250 * 365 * 86_400_000);
      const offMin = Math.floor(rand() * 27 * 60) - 13 * 60;
      const local = new Date(t + offMin * 60_000);
      const digits = Math.floor(rand() * 7); // 0: no fraction
      const frac = digits ? `.${String(Math.floor(rand() * 10 ** digits)).padStart(digits, '0')}` : '';
      const off = `${offMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offMin) / 60))}${Math.abs(offMin) % 60 ? `:${pad(Math.abs(offMin) % 60)}` : ''}`;
      const s = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${frac}${off}`;
      expect([s, (parseTimestamptz(s, fallback) as Date).getTime()]).toEqual([s, (parseDate(s) as Date).getTime()]);
    }
    expect(fallback).not.toHaveBeenCalled();
  });

  it.each([
    'infinity',
    '-infinity',
    '0044-03-15 12:00:00+00 BC',
    '12026-01-01 00:00:00+00',
    '0099-01-01 00:00:00+00',
    '2026-11-25T08:15:19Z',
    '2026-11-25 08:15:19+0x',
  ])('hands %s to pg', (s) => {
    parseTimestamptz(s, fallback);
    expect(fallback).toHaveBeenCalledWith(s);
  });
});
