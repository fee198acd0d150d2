/**
 * The identity rules, in one place: the CIN and the Moroccan phone numbers. DTOs validate with
 * these, the migrations' CHECKs hold the same expressions (identity.spec.ts compares them), and
 * the SPAs read them from `GET /api/v1/identity/patterns`. Each is written once as a pattern that
 * both JavaScript and PostgreSQL (`~`) read the same way.
 */
export const IDENTITY_PATTERNS = {
  /** CIN: one or two letters then digits (e.g. AB123456), stored upper case. */
  cin: '^[A-Z]{1,2}[0-9]{1,8}$',
  /** A Moroccan mobile number in E.164 (+2126…, +2127…): the numbers that take an SMS. */
  mobile: '^\\+212[67][0-9]{8}$',
  /** Any Moroccan number in E.164: fixed lines (+2125…, +2128…) and mobiles. */
  phone: '^\\+212[5-8][0-9]{8}$',
} as const;

export const CIN_PATTERN = new RegExp(IDENTITY_PATTERNS.cin);
export const MOBILE_PATTERN = new RegExp(IDENTITY_PATTERNS.mobile);
export const PHONE_PATTERN = new RegExp(IDENTITY_PATTERNS.phone);

export function normalizeCin(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, '');
}

/** Moroccan mobile numbers in E.164 (+2126…, +2127…), from the ways people write them (06…, 002126…, 212 6…). */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s.()-]/g, '');
  const m = /^(?:\+212|00212|212|0)([0-9]{9})$/.exec(digits);
  return m && MOBILE_PATTERN.test(`+212${m[1]}`) ? `+212${m[1]}` : null;
}

/** Any Moroccan number (fixed line or mobile) as people write it, in E.164; null when it is not one. */
export function normalizeAnyPhone(value: string): string | null {
  const digits = value.replace(/[\s.()-]/g, '');
  const m = /^(?:\+212|00212|212|0)([0-9]{9})$/.exec(digits);
  return m && PHONE_PATTERN.test(`+212${m[1]}`) ? `+212${m[1]}` : null;
}
