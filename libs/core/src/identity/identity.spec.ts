import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIN_PATTERN, IDENTITY_PATTERNS, MOBILE_PATTERN, normalizeAnyPhone, normalizePhone, PHONE_PATTERN } from './identity';

describe('identity rules', () => {
  it('reads a CIN as one or two letters then digits', () => {
    expect(['A1', 'AB123456', 'Z12345678'].filter((c) => CIN_PATTERN.test(c))).toHaveLength(3);
    expect(['123456', 'ABC123', 'ab123', 'AB', 'AB123456789'].filter((c) => CIN_PATTERN.test(c))).toEqual([]);
  });

  it('tells mobiles (SMS) from any Moroccan number', () => {
    expect(MOBILE_PATTERN.test('+212612345678')).toBe(true);
    expect(MOBILE_PATTERN.test('+212536000000')).toBe(false);
    expect(PHONE_PATTERN.test('+212536000000')).toBe(true);
    expect(PHONE_PATTERN.test('+212812345678')).toBe(true);
    expect(PHONE_PATTERN.test('+212912345678')).toBe(false);
    expect(PHONE_PATTERN.test('+21261234567')).toBe(false);
  });

  it('writes the ways people type a number in E.164', () => {
    expect(['06 12 34 56 78', '0712345678', '+212 6 12 34 56 78', '00212612345678', '212612345678'].map(normalizePhone)).toEqual([
      '+212612345678',
      '+212712345678',
      '+212612345678',
      '+212612345678',
      '+212612345678',
    ]);
    expect(normalizePhone('0536000000')).toBeNull();
    expect(normalizeAnyPhone('05 36 00 00 00')).toBe('+212536000000');
    expect(normalizeAnyPhone('0912345678')).toBeNull();
  });

  it('is what the migrations CHECK in PostgreSQL (one rule, two readers)', () => {
    const dir = join(__dirname, '../database/migrations');
    const sql = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n')
      // Source text of template literals: `\\+` there is `\+` in the SQL.
      .replace(/\\\\/g, '\\');
    const checks = [...sql.matchAll(/CHECK \((cin|phone) ~ '([^']+)'\)/g)].map((m) => [m[1], m[2]]);
    expect(checks.length).toBeGreaterThan(0);
    for (const [column, pattern] of checks) expect(pattern).toBe(column === 'cin' ? IDENTITY_PATTERNS.cin : IDENTITY_PATTERNS.mobile);
  });
});
