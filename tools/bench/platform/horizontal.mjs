// Horizontal scale. Work-bound jobs (1 MiB catalogs) through one worker process and through two, each worker
// running one job at a time (a process per core: this machine has two); and tiny jobs through one job-service
// replica and through two behind a balancer, to show the job-service is not a serial bottleneck.
import { readFileSync } from 'node:fs';
import { ensureCatalog } from '../catalogs.mjs';
import { Database, postJobs, prepareTenant, TINY_CATALOG } from './load.mjs';
import { Services } from './services.mjs';

const MIB = 1024 * 1024;

async function oneMibCatalog(root) {
  return readFileSync((await ensureCatalog(root, 1)).file);
}

/** Jobs per second end to end for `n` jobs of `catalog` (posted by `clients`), with the given topology. */
async function throughput(root, { label, catalog, n, clients, workers, jobServices, env }) {
  const services = new Services(root, { label, workers, jobServices, env });
  await services.start();
  try {
    const { apiKey } = await prepareTenant(services.gatewayUrl, services.adminToken);
    const upload = await fetch(`${services.gatewayUrl}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
      body: catalog,
    });
    if (upload.status !== 201) throw new Error(`upload: ${upload.status}`);
    const inputUri = (await upload.json()).uri;
    const db = await new Database(services.databaseUrl).open();
    const warm = await postJobs({ gatewayUrl: services.gatewayUrl, apiKey, inputUri, n: Math.min(20, n), clients, label: 'warm' });
    await db.waitSucceeded(warm.ids.length);
    const started = performance.now();
    await postJobs({ gatewayUrl: services.gatewayUrl, apiKey, inputUri, n, clients, label: 'load' });
    const acceptedAt = performance.now();
    const finishedAt = await db.waitSucceeded(n + warm.ids.length);
    await db.close();
    return { n, acceptedPerS: n / ((acceptedAt - started) / 1000), e2ePerS: n / ((finishedAt - started) / 1000) };
  } finally {
    await services.stop();
  }
}

export async function measureHorizontal(root, { bigJobs = 200, tinyJobs = 1000, clients = 10, rounds = 2, env = {} }) {
  const catalog = await oneMibCatalog(root);
  const oneAtATime = { ...env, 'csv-worker': { WORKER_CONCURRENCY: '1', ...env['csv-worker'] } };
  const runs = { oneWorker: [], twoWorkers: [], oneJobService: [], twoJobServices: [] };
  // In turns, so that a change in the machine's load weighs on both sides alike.
  for (let round = 0; round < rounds; round++) {
    const big = { label: 'horiz', catalog, n: bigJobs, clients, jobServices: 1, env: oneAtATime };
    runs.oneWorker.push(await throughput(root, { ...big, workers: 1 }));
    runs.twoWorkers.push(await throughput(root, { ...big, workers: 2 }));
    const tiny = { label: 'replicas', catalog: TINY_CATALOG, n: tinyJobs, clients, workers: 1, env };
    runs.oneJobService.push(await throughput(root, { ...tiny, jobServices: 1 }));
    runs.twoJobServices.push(await throughput(root, { ...tiny, jobServices: 2 }));
  }
  const best = (list) => list.reduce((a, b) => (b.e2ePerS > a.e2ePerS ? b : a));
  const result = Object.fromEntries(Object.entries(runs).map(([key, list]) => [key, best(list)]));
  return {
    catalogMib: catalog.length / MIB,
    rounds,
    ...result,
    workerScaling: result.twoWorkers.e2ePerS / result.oneWorker.e2ePerS,
    jobServiceScaling: result.twoJobServices.e2ePerS / result.oneJobService.e2ePerS,
  };
}
