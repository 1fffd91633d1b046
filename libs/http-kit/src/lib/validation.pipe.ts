import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@validahub/job-contracts';
import { ApiException } from './api-exception';

/** class-validator errors as `{field, message}` with dotted paths (`params.input_uri`). */
export function validationErrorToFields(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator prefixes the bare property name; show the full path instead.
      message: message.startsWith(`${error.property} `)
        ? `${field}${message.slice(error.property.length)}`
        : message,
    }));
    return [...own, ...validationErrorToFields(error.children ?? [], field)];
  });
}

/** Validates every body/query against its DTO and answers 400 VALIDATION_FAILED listing every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = validationErrorToFields(errors);
      return new ApiException(
        'VALIDATION_FAILED',
        `${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${[...new Set(fields.map((f) => f.field))].join(', ')}`,
        {
          fields,
        },
      );
    },
  });
}
