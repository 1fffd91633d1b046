#!/usr/bin/env node
// `npm test`: lint and typecheck every project, build the services, run every unit and integration test,
// then the end-to-end suites against the built services. Needs Postgres and Redis on 127.0.0.1 (see README).
// `npm run test:faults` (this script with --faults): build, then the fault suite alone.
// Either ends with one line `N passed, N failed` (jest tests, plus one failure per failed lint/typecheck/build
// step) and writes the same totals to .test-results/<suite>.summary.json for .ci/run to add up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_SERVICES_ARGS } from '../build-services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const faults = process.argv.includes('--faults');
const suite = faults ? 'faults' : 'tests';
const results = join(root, '.test-results', suite);
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const nx = require.resolve('nx/bin/nx.js');
// jest's package exports hide its bin; the file is there all the same.
const jest = join(dirname(require.resolve('jest/package.json')), 'bin/jest.js');

let passed = 0;
let failed = 0;

// No step may hang CI: one that runs this long is killed and counts as failed.
const STEP_TIMEOUT_MS = 30 * 60_000;

function run(label, args) {
  process.stderr.write(`\n=== ${label}\n`);
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    timeout: STEP_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) process.stderr.write(`${label}: ${result.error.message}\n`);
  return result.status === 0;
}

function step(label, args) {
  const ok = run(label, args);
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

if (faults) {
  if (step('build', BUILD_SERVICES_ARGS))
    jestRun('faults', ['-c', 'apps/platform-e2e/jest.faults.config.cjs', '--runInBand']);
} else {
  step('lint-typecheck', [
    nx,
    'run-many',
    '-t',
    'lint',
    'typecheck',
    '--output-style=static',
    '--parallel=2',
    '--nxBail=false',
  ]);
  const built = step('build', BUILD_SERVICES_ARGS);
  jestRun('unit-and-integration', ['-c', 'jest.config.cjs', '--maxWorkers=2']);
  if (built) jestRun('e2e', ['-c', 'apps/platform-e2e/jest.config.cjs', '--runInBand']);
}

writeFileSync(join(results, 'summary.json'), JSON.stringify({ passed, failed }));
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
