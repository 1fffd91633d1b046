#!/usr/bin/env node
// `npm test`: lint and typecheck every project, build the services, run every unit and integration test,
// then the end-to-end suite against the built services. Needs Postgres and Redis on 127.0.0.1 (see README).
// Ends with one line: `N passed, N failed` (jest tests, plus one failure per failed lint/typecheck task).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const nx = require.resolve('nx/bin/nx.js');
// jest's package exports hide its bin; the file is there all the same.
const jest = join(dirname(require.resolve('jest/package.json')), 'bin/jest.js');

let passed = 0;
let failed = 0;

function run(label, args) {
  process.stderr.write(`\n=== ${label}\n`);
  return spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' }).status === 0;
}

function nxTargets(label, targets) {
  const ok = run(label, [
    nx,
    'run-many',
    '-t',
    ...targets,
    '--output-style=static',
    '--parallel=2',
    `--nxBail=false`,
  ]);
  if (!ok) {
    failed += 1;
    process.stderr.write(`${label}: FAILED\n`);
  }
  return ok;
}

function jestRun(label, args) {
  const output = join(results, `${label}.json`);
  run(label, [jest, ...args, '--json', `--outputFile=${output}`]);
  try {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  } catch {
    failed += 1;
    process.stderr.write(`${label}: no jest report (the run crashed)\n`);
  }
}

nxTargets('lint-typecheck', ['lint', 'typecheck']);
const built = nxTargets('build', ['build']);
jestRun('unit-and-integration', ['-c', 'jest.config.cjs', '--maxWorkers=2']);
if (built) jestRun('e2e', ['-c', 'apps/platform-e2e/jest.config.cjs', '--runInBand']);
else failed += 1;

process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
