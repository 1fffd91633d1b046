// Recovery: a worker killed (SIGKILL) in the middle of a run, with default settings and a second worker
// standing by. Measures how long until the job runs again on the other worker (its "run started" log line
// against the moment of the kill, same machine clock) and checks that the job then ends exactly once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database, prepareTenant } from './load.mjs';
import { Services } from './services.mjs';
import { ensureCatalog } from '../catalogs.mjs';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** When (epoch ms) each worker logged "run started" for `jobId`, in order. */
function runStarts(services, jobId) {
  const starts = [];
  for (const name of ['csv-worker', 'csv-worker-2']) {
    let text;
    try {
      text = readFileSync(join(services.dir, `${name}.log`), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line);
      if (entry.msg === 'run started' && entry.job_id === jobId) starts.push({ worker: name, at: Date.parse(entry.time) });
    }
  }
  return starts.sort((a, b) => a.at - b.at);
}

async function until(what, probe, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`recovery bench: gave up waiting for ${what}`);
    await sleep(20);
  }
}

export async function measureRecovery(root, { mib = 200, env = {} } = {}) {
  const { file, bytes } = await ensureCatalog(root, mib);
  const services = new Services(root, {
    label: 'recovery',
    workers: 2,
    env: { ...env, 'api-gateway': { MAX_FILE_SIZE: String(bytes + 1024 * 1024), ...env['api-gateway'] } },
  });
  await services.start();
  try {
    const { apiKey } = await prepareTenant(services.gatewayUrl, services.adminToken);
    const auth = { authorization: `Bearer ${apiKey}` };
    const upload = await (
      await fetch(`${services.gatewayUrl}/api/v1/files`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: readFileSync(file),
      })
    ).json();
    const job = await (
      await fetch(`${services.gatewayUrl}/api/v1/jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          task: 'correct_csv_job',
          params: { input_uri: upload.uri, marketplace: 'mercado_livre', category: 'electronics', auto_fix: true },
        }),
      })
    ).json();
    const db = await new Database(services.databaseUrl).open();
    const progress = async () =>
      (await db.client.query('SELECT status, progress FROM jobs WHERE id = $1', [job.id])).rows[0];
    // Killed once the run is well under way (its progress reported), as a crash would find it.
    const first = await until('the first run', async () => {
      const row = await progress();
      const starts = runStarts(services, job.id);
      return row.status === 'RUNNING' && row.progress >= 10 && starts.length > 0 ? { ...starts[0], progress: row.progress } : null;
    });
    const killedAt = Date.now();
    await services.kill(first.worker);
    const again = await until('the run to start again', () => runStarts(services, job.id).find((s) => s.at > killedAt));
    const final = await until('the job to end', async () => {
      const row = await progress();
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(row.status) ? row : null;
    });
    const { rows: events } = await db.client.query(
      "SELECT type, count(*)::int AS n FROM job_events WHERE job_id = $1 AND type IN ('job.completed', 'job.failed', 'job.cancelled') GROUP BY type",
      [job.id],
    );
    await db.close();
    return {
      mib: bytes / (1024 * 1024),
      killedAtProgress: first.progress,
      runningAgainAfterS: (again.at - killedAt) / 1000,
      finalStatus: final.status,
      terminalEvents: Object.fromEntries(events.map((e) => [e.type, e.n])),
    };
  } finally {
    await services.stop();
  }
}
