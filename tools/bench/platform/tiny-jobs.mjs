// Tiny jobs end to end: N two-row catalogs from C clients through the public API, with the services as
// deployed. Measures accepted and end-to-end rates, request latencies while the worker is busy, created →
// finished, and the CPU each service and Postgres spent per job.
import { cpuSeconds, postgresCpuSeconds, Services } from './services.mjs';
import { Database, percentile, pollGets, postJobs, prepareTenant } from './load.mjs';

export async function measureTinyJobs(root, { n, clients, env = {} }) {
  const services = new Services(root, { label: 'tiny', env });
  await services.start();
  try {
    const { apiKey, inputUri } = await prepareTenant(services.gatewayUrl, services.adminToken);
    const db = await new Database(services.databaseUrl).open();
    // Warm-up: the first requests of a fresh process pay for compilation; the anchor's worker is warm too.
    const warm = await postJobs({ gatewayUrl: services.gatewayUrl, apiKey, inputUri, n: 50, clients, label: 'warm' });
    await db.waitSucceeded(warm.ids.length);

    const names = services.names();
    const cpuBefore = Object.fromEntries(names.map((name) => [name, cpuSeconds(services.pid(name))]));
    const pgBefore = postgresCpuSeconds();
    const started = performance.now();
    const ids = [];
    const gets = pollGets({ gatewayUrl: services.gatewayUrl, apiKey, ids });
    // The GET poller picks among the jobs accepted so far.
    const { ids: accepted, latencies: postLatencies } = await postJobs({
      gatewayUrl: services.gatewayUrl,
      apiKey,
      inputUri,
      n,
      clients,
      label: 'load',
      ids,
    });
    const acceptedAt = performance.now();
    const finishedAt = await db.waitSucceeded(n + warm.ids.length);
    await gets.stop();
    const cpu = Object.fromEntries(names.map((name) => [name, cpuSeconds(services.pid(name)) - cpuBefore[name]]));
    cpu.postgres = postgresCpuSeconds() - pgBefore;
    const [p50, p99] = await db.latency(accepted);
    await db.close();
    return {
      n,
      clients,
      acceptedPerS: n / ((acceptedAt - started) / 1000),
      e2ePerS: n / ((finishedAt - started) / 1000),
      postMs: { p50: percentile(postLatencies, 50), p99: percentile(postLatencies, 99) },
      getMs: { p50: percentile(gets.latencies, 50), p99: percentile(gets.latencies, 99), count: gets.latencies.length },
      createdToFinishedS: { p50, p99 },
      cpuMsPerJob: Object.fromEntries(Object.entries(cpu).map(([name, s]) => [name, (s * 1000) / n])),
    };
  } finally {
    await services.stop();
  }
}
