import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInput } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [reason, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        reason: reason === 'whitelistValidation' ? 'unknown' : reason,
        message: reason === 'whitelistValidation' ? `${field} is not an allowed field` : message,
      });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Global pipe: unknown fields are refused, every error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInput(flatten(errors), HttpStatus.BAD_REQUEST),
  });
}
