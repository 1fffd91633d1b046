// `npm run bench:platform`: the platform as deployed (three services from dist/, the machine's Postgres and
// Redis) against the seed's own Celery design in the same run, plus a 50 MiB job against udsv's raw parse,
// scale, horizontal scaling and recovery. Writes tools/bench/results/platform.json and regenerates
// BENCHMARKS.md from it. `--smoke` runs every part with tiny sizes into a folder of its own (`--out`), for
// the test suite: it proves the bench works, not how fast anything is.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUILD_SERVICES_ARGS } from '../../build-services.mjs';
import { writeBenchmarks } from '../benchmarks-file.mjs';
import { runAnchor } from './anchor.mjs';
import { measureBigFile } from './big-file.mjs';
import { measureFairness } from './fairness.mjs';
import { measureHorizontal } from './horizontal.mjs';
import { measureJobLatency } from './latency.mjs';
import { measureRecovery } from './recovery.mjs';
import { measureScale } from './scale.mjs';
import { measureTinyJobs } from './tiny-jobs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const { values: options } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

// The setup: one worker running four jobs at a time, ten clients.
const FULL = {
  tiny: { n: 1000, clients: 10, rounds: 3, env: { 'csv-worker': { WORKER_CONCURRENCY: '4' } } },
  latency: { jobs: 100 },
  bigFile: { mib: 50, runs: 3 },
  scale: { tenants: 10, perTenant: 100_000, requests: 300 },
  horizontal: { bigJobs: 200, tinyJobs: 1000, clients: 10, rounds: 2 },
  recovery: { mib: 200 },
  // Issue 13: a tenant's 300 queued jobs against one job of another tenant on the same plan.
  fairness: { flood: 300, plan: 'pro', env: { 'csv-worker': { WORKER_CONCURRENCY: '4' } } },
};
const SMOKE = {
  tiny: { n: 30, clients: 4, rounds: 1, env: { 'csv-worker': { WORKER_CONCURRENCY: '4' } } },
  latency: { jobs: 3 },
  bigFile: { mib: 1, runs: 1 },
  scale: { tenants: 2, perTenant: 200, requests: 5 },
  horizontal: { bigJobs: 4, tinyJobs: 10, clients: 2, rounds: 1 },
  // A short lock so that the smoke does not wait out the default one.
  recovery: { mib: 20, env: { 'csv-worker': { QUEUE_LOCK_DURATION_MS: '2000' } } },
  fairness: { flood: 20, plan: 'pro', env: { 'csv-worker': { WORKER_CONCURRENCY: '4' } } },
};

/** Tiny jobs against the anchor, in turns; each round's ratios, and the round with the median e2e ratio. */
async function tinyAgainstAnchor({ n, clients, rounds, env }) {
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const anchor = runAnchor(ROOT, { n, clients });
    const platform = await measureTinyJobs(ROOT, { n, clients, env });
    results.push({ anchor, platform });
    console.log(
      `tiny jobs round ${round + 1}: platform ${platform.e2ePerS.toFixed(0)} e2e/s, ${platform.acceptedPerS.toFixed(0)} accepted/s;` +
        (anchor.skipped ? ` anchor skipped (${anchor.skipped})` : ` anchor ${anchor.e2ePerS.toFixed(0)} e2e/s, ${anchor.submitPerS.toFixed(0)} submitted/s`),
    );
  }
  const ratio = (r) => (r.anchor.skipped ? r.platform.e2ePerS : r.platform.e2ePerS / r.anchor.e2ePerS);
  const median = [...results].sort((a, b) => ratio(a) - ratio(b))[Math.floor(results.length / 2)];
  return { rounds: results.length, ...median };
}

async function main() {
  const plan = options.smoke ? SMOKE : FULL;
  const only = options.only?.split(',');
  const wanted = (part) => !only || only.includes(part);
  if (!options['no-build']) {
    const build = spawnSync(process.execPath, BUILD_SERVICES_ARGS, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    if (build.status !== 0) throw new Error('building the services failed');
  }
  const results = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, load: loadavg()[0] },
    smoke: options.smoke,
    at: new Date().toISOString(),
  };
  const part = async (name, measure) => {
    if (!wanted(name)) return;
    const started = performance.now();
    results[name] = await measure();
    console.log(`${name} (${((performance.now() - started) / 1000).toFixed(0)} s): ${JSON.stringify(results[name])}`);
  };
  await part('tinyJobs', () => tinyAgainstAnchor(plan.tiny));
  await part('latency', () => measureJobLatency(ROOT, plan.latency));
  await part('bigFile', () => measureBigFile(ROOT, plan.bigFile));
  await part('scale', () => measureScale(ROOT, plan.scale));
  await part('horizontal', () => measureHorizontal(ROOT, plan.horizontal));
  await part('recovery', () => measureRecovery(ROOT, plan.recovery));
  await part('fairness', () => measureFairness(ROOT, plan.fairness));

  const out = options.out ? resolve(options.out) : join(ROOT, 'tools/bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'platform.json'), `${JSON.stringify(results, null, 2)}\n`);
  const written = writeBenchmarks(ROOT, { resultsDir: out, outFile: options.out ? join(out, 'BENCHMARKS.md') : undefined });
  console.log(`wrote ${join(out, 'platform.json')} and ${written}`);
}

await main();
