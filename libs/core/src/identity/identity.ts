/** CIN: one or two letters then digits (e.g. AB123456), stored upper case. */
export const CIN_PATTERN = /^[A-Z]{1,2}[0-9]{1,8}$/;

export function normalizeCin(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, '');
}

/** Moroccan mobile numbers in E.164 (+2126…, +2127…), from the ways people write them. */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s.()-]/g, '');
  let m = /^(?:\+212|00212|212)([67]\d{8})$/.exec(digits);
  if (m) return `+212${m[1]}`;
  m = /^0([67]\d{8})$/.exec(digits);
  if (m) return `+212${m[1]}`;
  return null;
}
