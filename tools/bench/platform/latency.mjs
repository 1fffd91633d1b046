// Job latency when the platform is not saturated: one client posting one tiny job at a time and polling it
// until it ends. Measures created → finished (the database's clock) and how soon the final status is
// visible through the API after the worker ended the run (its log line, on this same machine's clock).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database, jobBody, percentile, prepareTenant } from './load.mjs';
import { Services } from './services.mjs';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export async function measureJobLatency(root, { jobs, env = {} }) {
  const services = new Services(root, { label: 'latency', env });
  await services.start();
  try {
    const { apiKey, inputUri } = await prepareTenant(services.gatewayUrl, services.adminToken);
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const seen = new Map();
    const accept = [];
    for (let i = 0; i < jobs; i++) {
      const posted = performance.now();
      const answer = await fetch(`${services.gatewayUrl}/api/v1/jobs`, {
        method: 'POST',
        headers,
        body: jobBody(inputUri, `latency-${i}`),
      });
      const { id } = await answer.json();
      accept.push(performance.now() - posted);
      for (;;) {
        const job = await (await fetch(`${services.gatewayUrl}/api/v1/jobs/${id}`, { headers })).json();
        if (['succeeded', 'failed', 'cancelled'].includes(job.status)) {
          seen.set(id, Date.now());
          break;
        }
        await sleep(2);
      }
      await sleep(50);
    }
    const db = await new Database(services.databaseUrl).open();
    const [p50] = await db.latency([...seen.keys()]);
    await db.close();
    // The worker's "run completed" lines (buffered logs: give them time to be written).
    await sleep(1_000);
    const ended = new Map();
    for (const line of readFileSync(join(services.dir, 'csv-worker.log'), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line);
      if (entry.msg === 'run completed') ended.set(entry.job_id, Date.parse(entry.time));
    }
    const visibleAfterMs = [...seen].filter(([id]) => ended.has(id)).map(([id, at]) => at - ended.get(id));
    return {
      jobs,
      createdToFinishedP50S: p50,
      acceptMs: { p50: percentile(accept, 50), p99: percentile(accept, 99) },
      visibleAfterRunEndMs: { p50: percentile(visibleAfterMs, 50), p99: percentile(visibleAfterMs, 99) },
    };
  } finally {
    await services.stop();
  }
}
