import { ValidateBy, ValidationOptions } from 'class-validator';

/** At most `limit` bytes once serialised as JSON (UTF-8), so free-form client data stays small. */
export function MaxJsonBytes(limit: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonBytes',
      validator: {
        validate: (value: unknown) =>
          value === undefined || Buffer.byteLength(JSON.stringify(value) ?? '') <= limit,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be at most ${limit} bytes as JSON`,
      },
    },
    options,
  );
}
