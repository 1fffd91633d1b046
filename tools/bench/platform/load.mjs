// Drives the public API like the new user: tiny catalogs posted by concurrent clients, then waits for
// every job to finish, reading the clock from Postgres as the seed's anchor does.
import pg from 'pg';

export const TINY_CATALOG =
  'sku,title,price,available_quantity\nA1,Camiseta azul,10.50,3\nA2,Camiseta verde,"12,90",1\n';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function call(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A tenant, its API key and one uploaded tiny catalog that every job reads. */
export async function prepareTenant(gatewayUrl, adminToken, plan = 'enterprise') {
  const tenant = await call(`${gatewayUrl}/api/v1/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench store', plan }),
  });
  if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  const apiKey = tenant.body.api_key;
  const upload = await call(`${gatewayUrl}/api/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
    body: TINY_CATALOG,
  });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${JSON.stringify(upload.body)}`);
  return { apiKey, tenantId: tenant.body.tenant_id, inputUri: upload.body.uri };
}

export function jobBody(inputUri, key) {
  return JSON.stringify({
    task: 'validate_csv_job',
    params: { input_uri: inputUri, marketplace: 'mercado_livre', category: 'electronics', auto_fix: false },
    idempotency_key: key,
  });
}

/**
 * N jobs from C clients, each client posting its next job as soon as the last one was accepted. Returns the
 * accepted jobs' ids (also pushed to `ids` as they come) and every POST's latency; throws on any answer but 202.
 */
export async function postJobs({ gatewayUrl, apiKey, inputUri, n, clients, label, ids = [] }) {
  let next = 0;
  const latencies = [];
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  async function client() {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const started = performance.now();
      const answer = await call(`${gatewayUrl}/api/v1/jobs`, {
        method: 'POST',
        headers,
        body: jobBody(inputUri, `${label}-${i}`),
      });
      latencies.push(performance.now() - started);
      if (answer.status !== 202) throw new Error(`POST /api/v1/jobs: ${answer.status} ${JSON.stringify(answer.body)}`);
      ids.push(answer.body.id);
    }
  }
  await Promise.all(Array.from({ length: clients }, client));
  return { ids, latencies };
}

/** GETs of random accepted jobs, one after another, until `stop()`: the latency a polling client sees. */
export function pollGets({ gatewayUrl, apiKey, ids }) {
  const latencies = [];
  let running = true;
  const done = (async () => {
    while (running) {
      if (ids.length === 0) {
        await sleep(5);
        continue;
      }
      const id = ids[Math.floor(Math.random() * ids.length)];
      const started = performance.now();
      const answer = await call(`${gatewayUrl}/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
      latencies.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`GET /api/v1/jobs/{id}: ${answer.status}`);
    }
  })();
  return {
    latencies,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

export class Database {
  constructor(url) {
    this.client = new pg.Client({ connectionString: url });
  }

  async open() {
    await this.client.connect();
    return this;
  }

  async count(status) {
    const { rows } = await this.client.query('SELECT count(*)::int AS n FROM jobs WHERE status = $1', [status]);
    return rows[0].n;
  }

  /** Polls until `n` jobs have succeeded (any failure is an error); resolves with the time it saw them. */
  async waitSucceeded(n, timeoutMs = 600_000) {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.client.query(
        "SELECT count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS ok, count(*) FILTER (WHERE status = 'FAILED')::int AS failed FROM jobs",
      );
      if (rows[0].failed > 0) throw new Error(`${rows[0].failed} jobs failed`);
      if (rows[0].ok >= n) return performance.now();
      if (performance.now() > until) throw new Error(`only ${rows[0].ok} of ${n} jobs succeeded in time`);
      await sleep(20);
    }
  }

  /** created → finished, p50 and p99 in seconds, over `ids` (or every job). */
  async latency(ids) {
    const { rows } = await this.client.query(
      `SELECT percentile_cont(array[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)) AS p
       FROM jobs WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
      [ids ?? null],
    );
    return rows[0].p.map(Number);
  }

  close() {
    return this.client.end();
  }
}
