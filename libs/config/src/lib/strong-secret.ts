import { ValidateBy, ValidationOptions } from 'class-validator';

export const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 8;

/**
 * Why a shared secret is too weak to guard an API, or undefined when it will do. Not an entropy meter: it
 * refuses what a person types when asked for "a token" (short, one character repeated, a short pattern
 * repeated, a keyboard or alphabet run), so that only generated secrets (`openssl rand -hex 24`) pass.
 */
export function weakSecretReason(secret: string): string | undefined {
  if (secret.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} characters`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS)
    return `must contain at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  if (hasShortPeriod(secret)) return 'must not be a short pattern repeated';
  if (charactersInRuns(secret) * 2 > secret.length)
    return 'must not be mostly a run such as abcdef or 123456';
  return undefined;
}

/** A string that is a prefix of some shorter string repeated (`abcabcab…`). */
function hasShortPeriod(text: string): boolean {
  for (let period = 1; period <= text.length / 2; period++) {
    let periodic = true;
    for (let i = period; i < text.length && periodic; i++) periodic = text[i] === text[i - period];
    if (periodic) return true;
  }
  return false;
}

/** How many characters sit in runs of 4+ whose codes step by the same -1, 0 or +1 (`aaaa`, `abcd`, `9876`). */
function charactersInRuns(text: string): number {
  let inRuns = 0;
  let runStart = 0;
  const close = (end: number) => {
    if (end - runStart >= 4) inRuns += end - runStart;
  };
  for (let i = 1; i < text.length; i++) {
    const delta = text.charCodeAt(i) - text.charCodeAt(i - 1);
    const previous = i - runStart >= 2 ? text.charCodeAt(i - 1) - text.charCodeAt(i - 2) : delta;
    if (Math.abs(delta) > 1 || delta !== previous) {
      close(i);
      // A run that turns (…789 876…) starts again at its turning point.
      runStart = Math.abs(delta) > 1 ? i : i - 1;
    }
  }
  close(text.length);
  return inRuns;
}

/** class-validator rule for a shared-secret variable (admin or internal token). */
export function IsStrongSecret(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStrongSecret',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && weakSecretReason(value) === undefined,
        defaultMessage: (args) => {
          const reason = typeof args?.value === 'string' ? weakSecretReason(args.value) : 'must be a string';
          return `${args?.property ?? 'secret'} ${reason ?? 'is too weak'} (generate one: openssl rand -hex 24)`;
        },
      },
    },
    options,
  );
}
