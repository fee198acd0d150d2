import { FieldError } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_BASE = 'https://annexe.ma/problems/';

/** RFC 9457 problem details, the one error body of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(status: number, code: string, title: string, extra: Partial<Problem> = {}): Problem {
  return { type: PROBLEM_BASE + code, title, status, ...extra };
}
