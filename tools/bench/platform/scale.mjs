// Scale: every endpoint's latency on an empty database and again with a million jobs and their history in it
// (100,000 per tenant), as sequential requests from one client. The million is written by SQL straight into
// the job-service's tables (through its triggers, so the counters and hourly usage are what the service would
// have kept), as a year of a busy platform would leave it.
import pg from 'pg';
import { percentile, prepareTenant, jobBody } from './load.mjs';
import { Services } from './services.mjs';

const DAY_S = 86_400;

/** `count` jobs for each tenant, finished over the last 30 days, with three history events each. */
async function fill(databaseUrl, tenantIds, perTenant) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const tenantId of tenantIds) {
      // One statement per tenant keeps each transaction (and its trigger work) a tenth of the whole.
      await client.query(
        `WITH spread AS (
           SELECT i, now() - make_interval(secs => random() * ${30 * DAY_S}) AS finished_at,
                  CASE WHEN i % 20 = 0 THEN 'FAILED' WHEN i % 50 = 1 THEN 'CANCELLED' ELSE 'SUCCEEDED' END AS status
           FROM generate_series(1, $2::int) AS i
         ), inserted AS (
           INSERT INTO jobs (id, user_id, task_name, status, queue, priority, progress, request_hash, params_json,
                             created_at, updated_at, dispatched_attempt, dispatched_at, started_at, finished_at,
                             usage_cpu_ms, usage_rows, usage_bytes_read, usage_bytes_written, message, error_code)
           SELECT gen_random_uuid(), $1::uuid, 'validate_csv_job', status, 'jobs-enterprise', 10, 100,
                  md5(i::text) || md5(i::text), '{"input_uri":"upload://bench","marketplace":"mercado_livre"}',
                  finished_at - interval '2 seconds', finished_at, 1, finished_at - interval '2 seconds',
                  finished_at - interval '1 second', finished_at, 40, 2, 90, 200,
                  CASE status WHEN 'FAILED' THEN 'the input is not a CSV file' END,
                  CASE status WHEN 'FAILED' THEN 'INPUT_NOT_CSV' END
           FROM spread
           RETURNING id, user_id, status, started_at, finished_at
         )
         INSERT INTO job_events (job_id, tenant_id, type, attempt, status, progress, data, at)
         SELECT id, user_id, e.type, 1, e.status, e.progress, '{}', e.at
         FROM inserted, LATERAL (VALUES
           ('job.queued', 'QUEUED', 0::float8, started_at - interval '1 second'),
           ('job.started', 'RUNNING', 0::float8, started_at),
           (CASE status WHEN 'SUCCEEDED' THEN 'job.completed' WHEN 'FAILED' THEN 'job.failed' ELSE 'job.cancelled' END,
            status, 100::float8, finished_at)
         ) AS e(type, status, progress, at)`,
        [tenantId, perTenant],
      );
    }
    await client.query('VACUUM ANALYZE jobs');
    await client.query('VACUUM ANALYZE job_events');
    await client.query('VACUUM ANALYZE usage_by_hour');
    const { rows } = await client.query('SELECT (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM job_events)::int AS events');
    return rows[0];
  } finally {
    await client.end();
  }
}

async function someJobIds(databaseUrl, tenantId, n) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT id FROM jobs WHERE user_id = $1 ORDER BY random() LIMIT $2', [tenantId, n]);
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

/** p50/p99 of `requests` sequential calls of each endpoint (after a few unmeasured ones). */
async function measureEndpoints(gatewayUrl, { apiKey, inputUri, jobIds, requests, label }) {
  const auth = { authorization: `Bearer ${apiKey}` };
  const monthAgo = new Date(Date.now() - 31 * DAY_S * 1000).toISOString();
  let posted = 0;
  const endpoints = {
    'POST /api/v1/jobs': () => [
      `${gatewayUrl}/api/v1/jobs`,
      { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: jobBody(inputUri, `${label}-${posted++}`) },
      202,
    ],
    'GET /api/v1/jobs/{id}': (i) => [`${gatewayUrl}/api/v1/jobs/${jobIds[i % jobIds.length]}`, { headers: auth }, 200],
    'GET /api/v1/jobs': () => [`${gatewayUrl}/api/v1/jobs`, { headers: auth }, 200],
    'GET /api/v1/jobs?status=failed': () => [`${gatewayUrl}/api/v1/jobs?status=failed`, { headers: auth }, 200],
    'GET /api/v1/usage': () => [`${gatewayUrl}/api/v1/usage?from=${encodeURIComponent(monthAgo)}`, { headers: auth }, 200],
    'GET /api/v1/jobs/{id}/events': (i) => [`${gatewayUrl}/api/v1/jobs/${jobIds[i % jobIds.length]}/events`, { headers: auth }, 200],
    'GET /health/queue': () => [`${gatewayUrl}/health/queue`, {}, 200],
  };
  const results = {};
  for (const [name, request] of Object.entries(endpoints)) {
    const latencies = [];
    for (let i = -10; i < requests; i++) {
      const [url, init, expected] = request(i + 10);
      const started = performance.now();
      const response = await fetch(url, init);
      await response.arrayBuffer();
      if (i >= 0) latencies.push(performance.now() - started);
      if (response.status !== expected) throw new Error(`${name}: ${response.status}, expected ${expected}`);
    }
    results[name] = { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  }
  return results;
}

export async function measureScale(root, { tenants = 10, perTenant = 100_000, requests = 300, env = {} }) {
  const services = new Services(root, { label: 'scale', env });
  await services.start();
  try {
    const measured = await prepareTenant(services.gatewayUrl, services.adminToken);
    const others = [];
    for (let t = 1; t < tenants; t++) others.push((await prepareTenant(services.gatewayUrl, services.adminToken)).tenantId);
    // On the empty database the measured tenant's only jobs are a few of its own.
    const seedIds = [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${services.gatewayUrl}/api/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${measured.apiKey}`, 'content-type': 'application/json' },
        body: jobBody(measured.inputUri, `seed-${i}`),
      });
      seedIds.push((await response.json()).id);
    }
    const empty = await measureEndpoints(services.gatewayUrl, { ...measured, jobIds: seedIds, requests, label: 'empty' });

    const fillStarted = performance.now();
    const filled = await fill(services.databaseUrl, [measured.tenantId, ...others], perTenant);
    const fillS = (performance.now() - fillStarted) / 1000;
    const jobIds = await someJobIds(services.databaseUrl, measured.tenantId, requests);
    const full = await measureEndpoints(services.gatewayUrl, { ...measured, jobIds, requests, label: 'full' });
    return { tenants, perTenant, requests, filled, fillS, empty, full };
  } finally {
    await services.stop();
  }
}
