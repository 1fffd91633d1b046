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
 * Validates the environment against classes whose properties are the variable names (decorated with
 * class-validator rules and class-transformer conversions) and returns their typed instances. Several
 * schemas (the app's own plus shared ones such as the queue's) are checked together so one error lists
 * every bad variable. Values are never echoed back: some of them are secrets.
 */
export function loadEnv<T extends object[]>(
  service: string,
  env: Env,
  ...schemas: { [K in keyof T]: Constructor<T[K]> }
): T {
  // Empty strings mean "unset": `FOO= node main.js` should fall back to the default like an absent FOO.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const problems: string[] = [];
  const instances = schemas.map((schema: Constructor<object>) => {
    const instance = plainToInstance(schema, present, { exposeDefaultValues: true });
    problems.push(...describe(validateSync(instance, { forbidUnknownValues: true })));
    return instance;
  });
  if (problems.length > 0) throw new ConfigError(service, problems);
  return instances as T;
}
