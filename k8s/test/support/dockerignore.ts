import { deployableApps } from './app-model';
import { HEALTHCHECK_SCRIPT } from './dockerfile-checks';
import { listFiles } from './workspace';

// .dockerignore against what the image build reads: it must drop local state and installed modules,
// and keep every file `nx run <app>:build` needs.

/** Docker's matching: root-relative globs; a matched folder takes its content with it. */
function patternRegex(pattern: string): RegExp {
  if (pattern.startsWith('!')) throw new Error(`.dockerignore exceptions (${pattern}) are not modelled`);
  const glob = pattern.replace(/^\/+|\/+$/g, '');
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob[i] === '*') source += '[^/]*';
    else if (glob[i] === '?') source += '[^/]';
    else source += glob[i].replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

function ignoredBy(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map(patternRegex);
  return (path) => patterns.some((p) => p.test(path));
}

// Local state, secrets and installed modules (the build installs its own, for Linux).
const MUST_DROP = [
  'node_modules/x',
  'libs/queue/node_modules/x',
  'dist/apps/x/main.js',
  '.git/HEAD',
  '.nx/cache',
  '.data/postgres',
  '.env',
];

export function dockerignoreProblems(text: string): string[] {
  const ignored = ignoredBy(text);
  const kept = MUST_DROP.filter((path) => !ignored(path));
  const problems = kept.length > 0 ? [`must drop ${kept.join(', ')}`] : [];
  const needed = [
    'package.json',
    'package-lock.json',
    'nx.json',
    'tsconfig.base.json',
    HEALTHCHECK_SCRIPT,
    ...listFiles('tools/webpack'),
    ...listFiles('libs'),
    ...deployableApps().flatMap((app) => listFiles(`apps/${app}`)),
  ];
  const dropped = needed.filter(ignored);
  if (dropped.length > 0) problems.push(`drops files the build needs: ${dropped.slice(0, 5).join(', ')}`);
  return problems;
}
