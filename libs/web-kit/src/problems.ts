import { ApiError } from './api';

/**
 * What the API's field-error reasons (problem+json `errors[].reason`, from class-validator and the
 * domain) mean, grouped into the few things a page can say in plain words. Each app words them in
 * its catalogue (the citizen app names the field in the sentence, the agent app beside it).
 */
export type Reason =
  | 'required'
  | 'unique'
  | 'choice'
  | 'format'
  | 'email'
  | 'date'
  | 'pastDate'
  | 'length'
  | 'unknown'
  | 'codeInvalid'
  | 'codeUsed'
  | 'codeExpired'
  | 'codeTooMany'
  | 'fileType'
  | 'fileEmpty';

const REASONS: Record<string, Reason> = {
  required: 'required',
  isNotEmpty: 'required',
  unique: 'unique',
  conflict: 'unique',
  isIn: 'choice',
  type: 'format',
  format: 'format',
  matches: 'format',
  isEmail: 'email',
  isDateString: 'date',
  isNotFuture: 'pastDate',
  length: 'length',
  unknown: 'unknown',
  invalid: 'codeInvalid',
  used: 'codeUsed',
  expired: 'codeExpired',
  tooManyAttempts: 'codeTooMany',
  fileType: 'fileType',
  empty: 'fileEmpty',
};

/**
 * One field error of a failed call: the API's field name, what it means (null: a reason we cannot
 * word), the API's reason code as sent and its own words.
 */
export interface FieldError {
  field: string;
  reason: Reason | null;
  code: string;
  message: string;
}

/** The field errors of a failed call (none when it failed otherwise). */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).map((e) => ({
    field: e.field,
    reason: REASONS[e.reason] ?? null,
    code: e.reason,
    message: e.message,
  }));
}

/** A failure that names no field: network cut, too many tries, locked out, signed out, anything else. */
export type GeneralProblem = 'network' | 'tooMany' | 'locked' | 'signedOut' | 'failed';

export function generalProblemOf(error: unknown): GeneralProblem {
  if (!(error instanceof ApiError)) return 'failed';
  if (error.status === 0) return 'network';
  if (error.status === 429) return 'tooMany';
  if (error.status === 423) return 'locked';
  if (error.status === 401) return 'signedOut';
  return 'failed';
}
