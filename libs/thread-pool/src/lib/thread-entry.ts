import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ThreadEntry {
  readonly filename: string;
  readonly execArgv: string[];
}

/**
 * Where a thread's code is: `<name>.js` next to the bundle when built (a webpack entry of its own), or the
 * TypeScript source under test, compiled on the fly by @swc-node/register (which reads the root
 * tsconfig.json, hence the path aliases).
 */
export function threadEntry(directory: string, name: string): ThreadEntry {
  const built = join(directory, `${name}.js`);
  if (existsSync(built)) return { filename: built, execArgv: [] };
  return { filename: join(directory, `${name}.ts`), execArgv: ['--require', '@swc-node/register'] };
}
