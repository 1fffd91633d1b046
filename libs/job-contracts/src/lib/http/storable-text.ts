import { ValidateBy, ValidationOptions } from 'class-validator';

// Half of a surrogate pair on its own: JavaScript strings may hold one, UTF-8 (and so PostgreSQL) cannot.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when PostgreSQL stores `text` as it is: no NUL character (text columns refuse it, and jsonb refuses
 * `\u0000`) and no unpaired surrogate (jsonb refuses its escape; a text column would turn it into U+FFFD).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** True when every string in `value`, object keys included, is storable text. */
export function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, item]) => isStorableText(key) && isStorableJson(item));
  return true;
}

const UNSTORABLE = 'must not contain NUL characters or unpaired surrogates';

/** A string PostgreSQL stores as it is (see isStorableText). */
export function StorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'storableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isStorableText(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} ${UNSTORABLE}`,
      },
    },
    options,
  );
}

/** Free-form JSON whose strings, keys included, PostgreSQL stores as they are. */
export function StorableJson(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'storableJson',
      validator: {
        validate: (value: unknown) => isStorableJson(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} ${UNSTORABLE}, in its keys or its values`,
      },
    },
    options,
  );
}
