import { ApiError } from './api';
import type { MessageId } from './i18n';
import type { FieldProblem } from './ui';

type T = (id: MessageId, values?: Record<string, string | number>) => string;

/** Reasons the API gives (problem+json `errors[].reason`) that we can say in plain words. */
const REASONS: Record<string, MessageId> = {
  required: 'error.required',
  isNotEmpty: 'error.required',
  unique: 'error.unique',
  isIn: 'error.choice',
  type: 'error.format',
  format: 'error.format',
  matches: 'error.format',
  isEmail: 'error.email',
  isDateString: 'error.date',
  isNotFuture: 'error.pastDate',
  length: 'error.length',
  unknown: 'error.unknown',
  invalid: 'error.codeInvalid',
  used: 'error.codeUsed',
  expired: 'error.codeExpired',
  tooManyAttempts: 'error.codeTooMany',
  fileType: 'error.fileType',
  empty: 'error.fileEmpty',
};

/**
 * The field errors of a failed call, in the page's language: `field` is the API's name
 * (`form.addressLine`, `phone`), `label` gives the words the citizen saw on the form.
 */
export function fieldProblems(error: unknown, t: T, label: (field: string) => string | undefined): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).map((e) => {
    const name = label(e.field) ?? e.field;
    const id = REASONS[e.reason] ?? 'error.invalid';
    return { field: e.field, message: t(id, { field: name }) };
  });
}

/** A failure that names no field: network cut, too many tries, server trouble. */
export function generalProblem(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('error.failed');
  if (error.status === 0) return t('error.network');
  if (error.status === 429) return t('error.tooMany');
  if (error.status === 423) return t('error.locked');
  if (error.status === 401) return t('error.signedOut');
  return t('error.failed');
}
