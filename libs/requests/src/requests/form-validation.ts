import { FieldError, InvalidInput } from '@app/core';
import { ProcedureField } from '../guide/procedure.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 2000;

/** Today's date (YYYY-MM-DD) where the annexes are. */
const todayInMorocco = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(new Date());

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function checkValue(f: ProcedureField, value: unknown): string | null {
  switch (f.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      return value.length > MAX_TEXT ? `must be at most ${MAX_TEXT} characters` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
      if (!(typeof value === 'string' && DATE.test(value) && isRealDate(value))) return 'must be a date (YYYY-MM-DD)';
      // A form's dates record what has happened (living there since, a death): never in the future.
      return value > todayInMorocco() ? 'must not be in the future' : null;
    case 'choice':
      return typeof value === 'string' && (f.options ?? []).some((o) => o.value === value)
        ? null
        : `must be one of ${(f.options ?? []).map((o) => o.value).join(', ')}`;
    case 'file':
      // Files arrive as attachments after submission; the form may reference one by id.
      return typeof value === 'string' && UUID.test(value) ? null : 'must be the id of an attachment';
  }
}

/**
 * Checks a submitted form against the field schema of the procedure version, and returns it
 * without blank optional answers. Every error names `form.<key>`.
 */
export function validateForm(fields: ProcedureField[], form: Record<string, unknown>): Record<string, unknown> {
  const errors: FieldError[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(form)) {
    if (!known.has(key)) errors.push({ field: `form.${key}`, reason: 'unknown', message: `form.${key} is not a field of this procedure` });
  }
  const clean: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form[f.key];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '') {
      // File fields are satisfied by attachments uploaded after submission.
      if (f.required && f.type !== 'file')
        errors.push({ field: `form.${f.key}`, reason: 'required', message: `form.${f.key} is required` });
      continue;
    }
    const problem = checkValue(f, value);
    if (problem)
      errors.push({ field: `form.${f.key}`, reason: f.type === 'choice' ? 'isIn' : 'type', message: `form.${f.key} ${problem}` });
    else clean[f.key] = value;
  }
  if (errors.length) throw new InvalidInput(errors);
  return clean;
}
