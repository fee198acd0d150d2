import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  /** Dotted path of the offending field in the request body or query, e.g. `form.birthDate`. */
  field: string;
  /** Machine-readable reason, e.g. `required`, `isEmail`, `unique`, `format`. */
  reason: string;
  /** Human-readable explanation. */
  message: string;
}

/**
 * Base of every domain error. The global filter maps it once to problem+json,
 * so services throw meaning (`TransitionNotAllowed`) rather than HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    /** Short slug appended to the problem type URI, e.g. `transition-not-allowed`. */
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(what: string, detail?: string) {
    super(HttpStatus.NOT_FOUND, 'not-found', `${what} not found`, detail);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, title: string, detail?: string, extensions?: Record<string, unknown>) {
    super(HttpStatus.CONFLICT, code, title, detail, undefined, extensions);
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'You are not allowed to do this') {
    super(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', detail);
  }
}

export class Unauthorized extends DomainError {
  constructor(detail = 'Authentication required') {
    super(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unauthorized', detail);
  }
}

/** 400 (or 409/422) naming the field(s) at fault. */
export class InvalidInput extends DomainError {
  constructor(errors: FieldError[], status: HttpStatus = HttpStatus.BAD_REQUEST, detail?: string) {
    super(status, 'validation', 'Invalid request', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
