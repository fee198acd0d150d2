import { ApiError } from '../api/client';
import { MessageId, T } from '../i18n';

const REASONS: Record<string, MessageId> = {
  required: 'errors.required',
  isNotEmpty: 'errors.required',
  type: 'errors.type',
  isIn: 'errors.choice',
  fileType: 'errors.fileType',
  empty: 'errors.fileEmpty',
  unique: 'errors.taken',
  conflict: 'errors.taken',
};

/**
 * The API's field errors (problem+json `errors[{field, reason, message}]`) by field name, in the
 * page language when the reason is a known one, else the API's own words.
 */
export function fieldErrors(e: unknown, t: T): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const er of e.problem?.errors ?? []) {
    const known = REASONS[er.reason];
    out[er.field] ??= known ? t(known) : er.message;
  }
  return out;
}
