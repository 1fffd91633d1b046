import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export type Env = Readonly<Record<string, string | undefined>>;
type Constructor<T> = new () => T;

/** Raised at start-up with every bad variable named, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
}

/**
 * Validates the environment against a class whose properties are the variable names (decorated with
 * class-validator rules and class-transformer conversions) and returns the typed instance. Values are
 * never echoed back: some of them are secrets.
 */
export function loadEnv<T extends object>(service: string, schema: Constructor<T>, env: Env): T {
  // Empty strings mean "unset": `FOO= node main.js` should fall back to the default like an absent FOO.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const instance = plainToInstance(schema, present, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(service, describe(errors));
  return instance;
}
