import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fromRoot, readText, WORKSPACE_ROOT } from './workspace';

// Where `nx run <app>:build` puts an app's bundle and which files it writes, read from the Nx target and
// the webpack config it runs (configs are tooling, not app code), so no build is needed to know the paths.

export interface BuildOutput {
  /** Workspace-relative folder, e.g. `dist/apps/csv-worker`. */
  readonly dir: string;
  /** One file per webpack entry, e.g. `main.js`, `csv-check.thread.js`. */
  readonly files: readonly string[];
  /** The file of the `main` entry: what `node <file>` starts. */
  readonly mainFile: string;
}

const load = createRequire(__filename);

interface WebpackConfig {
  entry: Record<string, string>;
  output: { path: string; filename: string };
}

export function buildTarget(app: string): { command: string; cwd: string } | undefined {
  const project = JSON.parse(readText(`apps/${app}/project.json`));
  return project.targets?.build?.options;
}

export function buildOutput(app: string): BuildOutput {
  const target = buildTarget(app);
  const configFile = /--config\s+(\S+)/.exec(target?.command ?? '')?.[1];
  if (!target || !configFile) throw new Error(`${app}: its build target does not run webpack with --config`);
  const config = load(fromRoot(target.cwd, configFile)) as WebpackConfig;
  const files = Object.keys(config.entry).map((name) => config.output.filename.replace('[name]', name));
  return {
    dir: relative(WORKSPACE_ROOT, config.output.path),
    files,
    mainFile: config.output.filename.replace('[name]', 'main'),
  };
}
