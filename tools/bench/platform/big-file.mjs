// A 50 MiB catalog as a job, against udsv's raw parse of the same file in the same run: the job's own time
// (started_at → finished_at, the database's clock) and the worker's peak memory.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCatalog } from '../catalogs.mjs';
import { Database, percentile } from './load.mjs';
import { Services } from './services.mjs';

const MIB = 1024 * 1024;

/** A process's resident memory now (VmRSS) or its peak so far (VmHWM), in MB. */
function rssMb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
}

function udsvMs(root, file) {
  const out = execFileSync(process.execPath, [join(root, 'tools/bench/measure-parser.mjs'), 'udsv', file], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out).ms;
}

export async function measureBigFile(root, { mib = 50, runs = 3, env = {} }) {
  const { file, bytes } = await ensureCatalog(root, mib);
  const services = new Services(root, {
    label: 'bigfile',
    env: { ...env, 'api-gateway': { MAX_FILE_SIZE: String(bytes + MIB), ...env['api-gateway'] } },
  });
  await services.start();
  try {
    const admin = { authorization: `Bearer ${services.adminToken}`, 'content-type': 'application/json' };
    const tenant = await (
      await fetch(`${services.gatewayUrl}/api/v1/admin/tenants`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: 'Big store', plan: 'enterprise' }),
      })
    ).json();
    const auth = { authorization: `Bearer ${tenant.api_key}` };
    const upload = await (
      await fetch(`${services.gatewayUrl}/api/v1/files`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: readFileSync(file),
      })
    ).json();
    const idleRssMb = rssMb(services.pid('csv-worker'), 'VmRSS');
    const db = await new Database(services.databaseUrl).open();
    const jobMs = [];
    const parseMs = [];
    for (let run = 0; run < runs; run++) {
      // In turns, so that a change in the machine's load weighs on both alike.
      parseMs.push(udsvMs(root, file));
      const job = await (
        await fetch(`${services.gatewayUrl}/api/v1/jobs`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            task: 'validate_csv_job',
            params: { input_uri: upload.uri, marketplace: 'mercado_livre', category: 'electronics' },
          }),
        })
      ).json();
      for (;;) {
        const { rows } = await db.client.query(
          'SELECT status, extract(epoch FROM finished_at - started_at) * 1000 AS ms FROM jobs WHERE id = $1',
          [job.id],
        );
        if (rows[0].status === 'SUCCEEDED') {
          jobMs.push(Number(rows[0].ms));
          break;
        }
        if (rows[0].status === 'FAILED') throw new Error(`the big job failed`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    await db.close();
    return {
      mib: bytes / MIB,
      jobMs: percentile(jobMs, 50),
      udsvMs: percentile(parseMs, 50),
      workerPeakRssMb: rssMb(services.pid('csv-worker'), 'VmHWM'),
      workerIdleRssMb: idleRssMb,
    };
  } finally {
    await services.stop();
  }
}
