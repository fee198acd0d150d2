import { FieldError, InvalidInput } from '@app/core';

export interface NeighbourhoodRow {
  code: string;
  nameAr: string;
  nameFr: string;
}

/** One CSV record per line, fields split on commas, a quoted field may hold commas and "" (RFC 4180, without line breaks inside a field). */
function fields(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += line[i++];
      }
      if (i < line.length && line[i] !== ',') return null;
      out.push(v);
      i++;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

/**
 * The rows of a neighbourhood list (code,nameAr,nameFr), every bad line named in one 400 so the
 * admin fixes the file once. A header line is skipped; the same code twice is refused.
 */
export function parseNeighbourhoodCsv(csv: string): NeighbourhoodRow[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: NeighbourhoodRow[] = [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const f = fields(line)?.map((x) => x.trim());
    if (index === 0 && f?.[0]?.toLowerCase() === 'code') return;
    const at = `line ${index + 1}`;
    if (!f || f.length !== 3) return errors.push({ field: 'csv', reason: 'format', message: `${at}: expected code,nameAr,nameFr` });
    const [code, nameAr, nameFr] = f;
    if (!CODE.test(code))
      return errors.push({ field: 'csv', reason: 'format', message: `${at}: code must be capital letters, digits, "-" or "_" (up to 32)` });
    if (seen.has(code)) return errors.push({ field: 'csv', reason: 'unique', message: `${at}: code ${code} appears twice` });
    if (nameAr.length < 2 || nameAr.length > 120 || nameFr.length < 2 || nameFr.length > 120) {
      return errors.push({ field: 'csv', reason: 'length', message: `${at}: names are 2 to 120 characters` });
    }
    seen.add(code);
    rows.push({ code, nameAr, nameFr });
  });
  if (!rows.length && !errors.length) errors.push({ field: 'csv', reason: 'required', message: 'no neighbourhood in the file' });
  if (errors.length) throw new InvalidInput(errors.slice(0, 20));
  return rows;
}
