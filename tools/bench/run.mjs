// `npm run bench`: one-core throughput of checkCsv (full mercado_livre pack) on a generated 50 MiB catalog, next
// to the raw streaming parse of the same file by the installed JS CSV parsers, and peak RSS on a 500 MiB file.
// Every measurement runs alone in a fresh child process pinned to one CPU; the figures go to
// tools/bench/results/engine.json, and BENCHMARKS.md is rendered again from it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLib } from './build-lib.mjs';
import { ensureCatalog } from './catalogs.mjs';
import { writeBenchmarks } from './benchmarks-file.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TMP = join(ROOT, 'tmp/bench');
const MIB = 1024 * 1024;
const PARSERS = ['udsv', 'papaparse', 'csv-parse', 'csv-parser'];
const RUNS = Number(process.argv[2] ?? 5);

const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '0'] : [];

function child(args) {
  const [command, ...rest] = [...pin, process.execPath, ...args];
  return JSON.parse(execFileSync(command, rest, { cwd: ROOT, maxBuffer: 16 * MIB, encoding: 'utf8' }));
}

// The median run by time (the figures are noisy on a shared machine); RSS is the highest seen.
function summarise(label, results) {
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  const maxRssMb = Math.max(...results.map((r) => r.maxRssMb));
  console.log(`${label.padEnd(28)} ${median.ms.toFixed(0).padStart(6)} ms  rss ${maxRssMb.toFixed(0)} MB`);
  return { ...median, maxRssMb, runs: sorted.map((r) => r.ms) };
}

function measure(label, args, runs = RUNS) {
  return summarise(label, Array.from({ length: runs }, () => child(args)));
}

// Runs every measurement once per round, round after round, so that a change in the machine's load while the
// bench runs weighs on all of them alike and the ratios stay fair.
function measureInRounds(measurements, runs = RUNS) {
  const results = Object.fromEntries(Object.keys(measurements).map((key) => [key, []]));
  for (let round = 0; round < runs; round++) {
    for (const [key, { args }] of Object.entries(measurements)) results[key].push(child(args));
  }
  return Object.fromEntries(Object.entries(measurements).map(([key, { label }]) => [key, summarise(label, results[key])]));
}

const catalog = (mib) => ensureCatalog(ROOT, mib);

async function main() {
  const load = loadavg()[0];
  mkdirSync(TMP, { recursive: true });
  const lib = buildLib(join(ROOT, 'libs/csv-rules/src'), join(TMP, 'lib'));
  const small = await catalog(50);
  const large = await catalog(500);
  console.log(
    `one core: ${pin.length ? 'taskset -c 0' : 'not pinned (taskset unavailable)'}; median of ${RUNS} rounds`,
  );

  const small50 = measureInRounds({
    ...Object.fromEntries(PARSERS.map((p) => [p, { label: `parse ${p}`, args: ['tools/bench/measure-parser.mjs', p, small.file] }])),
    validate: { label: 'checkCsv validate', args: ['tools/bench/measure-engine.cjs', lib, small.file, 'check'] },
    fix: { label: 'checkCsv auto_fix', args: ['tools/bench/measure-engine.cjs', lib, small.file, 'fix'] },
    count: { label: 'countCsvRows', args: ['tools/bench/measure-engine.cjs', lib, small.file, 'count'] },
  });
  const parsers = Object.fromEntries(PARSERS.map((p) => [p, small50[p]]));
  const engine = { validate: small50.validate, fix: small50.fix, count: small50.count };
  const large500 = {
    validate: measure(
      'checkCsv validate 500 MiB',
      ['tools/bench/measure-engine.cjs', lib, large.file, 'check'],
      1,
    ),
    fix: measure('checkCsv auto_fix 500 MiB', ['tools/bench/measure-engine.cjs', lib, large.file, 'fix'], 1),
    parse: measure('parse udsv 500 MiB', ['tools/bench/measure-parser.mjs', 'udsv', large.file], 1),
  };

  const results = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, pinned: pin.length > 0, load },
    at: new Date().toISOString(),
    runs: RUNS,
    small,
    large,
    parsers,
    engine,
    large500,
  };
  const resultsDir = join(ROOT, 'tools/bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'engine.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote tools/bench/results/engine.json and ${writeBenchmarks(ROOT)}`);
}

await main();
