import { fieldErrorsOf, generalProblemOf, type FieldProblem, type GeneralProblem, type Reason } from '@annex/web-kit';
import type { MessageId } from './i18n';

type T = (id: MessageId, values?: Record<string, string | number>) => string;

/** How this app words each reason the kit knows (the sentence names the field). */
const REASONS: Record<Reason, MessageId> = {
  required: 'error.required',
  unique: 'error.unique',
  choice: 'error.choice',
  format: 'error.format',
  email: 'error.email',
  date: 'error.date',
  pastDate: 'error.pastDate',
  length: 'error.length',
  unknown: 'error.unknown',
  codeInvalid: 'error.codeInvalid',
  codeUsed: 'error.codeUsed',
  codeExpired: 'error.codeExpired',
  codeTooMany: 'error.codeTooMany',
  fileType: 'error.fileType',
  fileEmpty: 'error.fileEmpty',
};

const GENERAL: Record<GeneralProblem, MessageId> = {
  network: 'error.network',
  tooMany: 'error.tooMany',
  locked: 'error.locked',
  signedOut: 'error.signedOut',
  failed: 'error.failed',
};

/**
 * The field errors of a failed call, in the page's language: `field` is the API's name
 * (`form.addressLine`, `phone`), `label` gives the words the citizen saw on the form.
 */
export function fieldProblems(error: unknown, t: T, label: (field: string) => string | undefined): FieldProblem[] {
  return fieldErrorsOf(error).map((e) => ({
    field: e.field,
    message: t(e.reason ? REASONS[e.reason] : 'error.invalid', { field: label(e.field) ?? e.field }),
  }));
}

/** A failure that names no field: network cut, too many tries, server trouble. */
export function generalProblem(error: unknown, t: T): string {
  return t(GENERAL[generalProblemOf(error)]);
}
