import { fieldErrorsOf, type Reason } from '@annex/web-kit';
import { MessageId, T } from '../i18n';

/** The reasons the desk words itself (each beside its field's label); the others keep the API's words. */
const REASONS: Partial<Record<Reason, MessageId>> = {
  required: 'errors.required',
  choice: 'errors.choice',
  fileType: 'errors.fileType',
  fileEmpty: 'errors.fileEmpty',
  unique: 'errors.taken',
};

/**
 * The API's field errors (problem+json `errors[{field, reason, message}]`) by field name, in the
 * page language when the reason is a known one, else the API's own words.
 */
export function fieldErrors(e: unknown, t: T): Record<string, string> {
  const out: Record<string, string> = {};
  for (const er of fieldErrorsOf(e)) {
    const known = er.code === 'type' ? 'errors.type' : er.reason && REASONS[er.reason];
    out[er.field] ??= known ? t(known) : er.message;
  }
  return out;
}
