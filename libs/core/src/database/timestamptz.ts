import { types } from 'pg';

const D = 48; // '0'
const two = (s: string, i: number) => (s.charCodeAt(i) - D) * 10 + (s.charCodeAt(i + 1) - D);
const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - D;
  return c >= 0 && c <= 9;
};

/**
 * PostgreSQL's text form of a timestamptz (DateStyle ISO: `2026-11-25 08:15:19.845123+01`,
 * offset `+HH`, `+HH:MM` or `+HH:MM:SS`) read by position. pg's own parser (postgres-date) runs
 * three regular expressions per value: with five timestamps a row it was about 15 % of the
 * API's CPU on a page of requests. Anything else (years past 9999, BC, infinity, another
 * DateStyle) goes to that parser, so the result is always the same Date it would give.
 */
export function parseTimestamptz(s: string, fallback: (s: string) => unknown): unknown {
  const n = s.length;
  if (
    n < 22 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 32 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return fallback(s);
  }
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!digit(s, i)) return fallback(s);
  const year = two(s, 0) * 100 + two(s, 2);
  if (year < 100) return fallback(s); // Date.UTC would read it as 19xx
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Fraction: milliseconds from its first three digits, the rest truncated (as postgres-date).
    i++;
    const start = i;
    while (i < n && digit(s, i)) i++;
    if (i === start || i - start > 6) return fallback(s);
    for (let k = start; k < start + 3; k++) ms = ms * 10 + (k < i ? s.charCodeAt(k) - D : 0);
  }
  const sign = s.charCodeAt(i);
  if ((sign !== 43 && sign !== 45) || i + 3 > n || !digit(s, i + 1) || !digit(s, i + 2)) return fallback(s);
  let offset = two(s, i + 1) * 3600;
  i += 3;
  for (const scale of [60, 1]) {
    if (i === n) break;
    if (s.charCodeAt(i) !== 58 || i + 3 > n || !digit(s, i + 1) || !digit(s, i + 2)) return fallback(s);
    offset += two(s, i + 1) * scale;
    i += 3;
  }
  if (i !== n) return fallback(s);
  const utc = Date.UTC(year, two(s, 5) - 1, two(s, 8), two(s, 11), two(s, 14), two(s, 17), ms);
  return new Date(utc - (sign === 43 ? 1 : -1) * offset * 1000);
}

let installed = false;

/** Makes every pg client of this process read timestamptz with parseTimestamptz. */
export function installTimestamptzParser(): void {
  if (installed) return;
  installed = true;
  const original = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (s: string) => unknown;
  types.setTypeParser(types.builtins.TIMESTAMPTZ, (s: string) => parseTimestamptz(s, original));
}
