import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@validahub/testing';
import { Answer, ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { EmbeddedPlatform } from './embedded-platform';
import { Platform } from './platform';

// Small limits, so each one is reached in a few requests. Plans are used apart: free for the request
// rate, pro for streams, business for queued jobs and the daily upload quota, enterprise for storage.
const GATEWAY_LIMITS = {
  // 1 request per second in windows of 20 s: 20 requests, all at once if need be, then 429.
  RATE_LIMIT_RPS_FREE: '1',
  RATE_LIMIT_WINDOW_SECONDS: '20',
  MAX_STREAMS_PRO: '2',
};
const JOB_SERVICE_LIMITS = {
  MAX_QUEUED_JOBS_BUSINESS: '3',
  UPLOAD_BYTES_PER_DAY_BUSINESS: '3000',
  STORAGE_BYTES_ENTERPRISE: '3000',
};

const describeAnswers = (answers: Answer[]) =>
  answers.map((a) => `${a.status}${a.body?.error ? ` ${a.body.error.code}` : ''}`).sort();

/** Uploads `bytes` of catalog (a valid CSV padded to the size). */
function catalogOf(bytes: number): string {
  const head = smallCatalog(1);
  return head + '#'.repeat(Math.max(0, bytes - head.length - 1)) + '\n';
}

describe('limits per plan on two gateway replicas (shared in Redis) and quotas in Postgres', () => {
  // No worker: jobs stay queued, so streams stay open and the queued count only moves when a test moves it.
  const platform = new Platform({
    workers: 0,
    gateways: 2,
    env: { 'api-gateway': GATEWAY_LIMITS, 'job-service': JOB_SERVICE_LIMITS },
  });
  let gateways: ApiClient[];
  let admin: ApiClient;

  async function tenant(plan: string): Promise<{ id: string; on: ApiClient[] }> {
    const created = await admin.call('POST', '/api/v1/admin/tenants', { name: `Loja ${plan}`, plan });
    expect(created.status).toBe(201);
    return { id: created.body.tenant_id, on: gateways.map((g) => g.as(created.body.api_key)) };
  }

  beforeAll(async () => {
    await platform.start();
    gateways = [new ApiClient(platform.urlOf('api-gateway')), new ApiClient(platform.urlOf('api-gateway-2'))];
    admin = gateways[0].as(platform.adminToken);
  });
  afterAll(() => platform.dispose());
  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  it('counts a tenant’s requests on both replicas together: RateLimit headers, then 429 with Retry-After', async () => {
    const { on } = await tenant('free');
    // A replica decides on the shared count as of at most 50 ms ago (the hits of an interval go to Redis
    // together): ten on one replica, then ten on the other, count as twenty.
    const answers: Answer[] = [];
    const pause = () => new Promise((r) => setTimeout(r, 200));
    for (const replica of on) {
      for (let i = 0; i < 10; i++) answers.push(await replica.call('GET', '/api/v1/jobs?limit=1'));
      await pause();
    }
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    // Each replica saw 10; the shared count is what runs out.
    expect(answers.map((a) => a.headers.get('ratelimit-policy'))).toEqual(
      Array(20).fill('"requests";q=20;w=20'),
    );
    expect(answers.map((a) => Number(/;r=(\d+);/.exec(a.headers.get('ratelimit') ?? '')?.[1]))).toEqual(
      Array.from({ length: 20 }, (_, i) => 19 - i),
    );
    for (const replica of on) {
      const refused = await replica.call('GET', '/api/v1/jobs?limit=1');
      expect(refused).toMatchObject({
        status: 429,
        body: {
          error: {
            code: 'RATE_LIMITED',
            details: { limit: 20, window_seconds: 20 },
            correlation_id: expect.any(String),
          },
        },
      });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(refused.headers.get('ratelimit')).toBe(`"requests";r=0;t=${retryAfter}`);
      expect(refused.headers.get('ratelimit-policy')).toBe('"requests";q=20;w=20');
    }
    // Another tenant of the same plan is not held back.
    const other = await tenant('free');
    expect((await other.on[1].call('GET', '/api/v1/jobs?limit=1')).status).toBe(200);
  });

  it('holds a tenant to its live streams across replicas; a closed stream frees its slot', async () => {
    const { on } = await tenant('pro');
    const uri = (await on[0].upload(smallCatalog(3))).body.uri;
    const job = (await on[0].call('POST', '/api/v1/jobs', catalogJob(uri))).body;
    const open = (replica: number) => {
      const abort = new AbortController();
      const response = fetch(
        `${platform.urlOf(replica === 0 ? 'api-gateway' : 'api-gateway-2')}/api/v1/jobs/${job.id}/stream`,
        {
          headers: { authorization: `Bearer ${on[0].token}` },
          signal: abort.signal,
        },
      );
      return { response, abort };
    };
    const first = open(0);
    const second = open(1);
    expect((await first.response).status).toBe(200);
    expect((await second.response).status).toBe(200);
    for (const replica of [0, 1]) {
      const third = await on[replica].call('GET', `/api/v1/jobs/${job.id}/stream`);
      expect(third).toMatchObject({
        status: 429,
        body: { error: { code: 'QUOTA_EXCEEDED', details: { quota: 'concurrent_streams', limit: 2 } } },
      });
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    first.abort.abort();
    const again = await waitFor(
      async () => {
        const attempt = open(1);
        const response = await attempt.response;
        if (response.status !== 200) await response.text();
        return { status: response.status, attempt };
      },
      (answer) => answer.status === 200,
      { what: 'the closed stream’s slot to be free', timeoutMs: 10_000, intervalMs: 200 },
    );
    again.attempt.abort.abort();
    second.abort.abort();
  });

  it('accepts at most the queued-jobs quota of concurrent creates, yet replays an accepted request', async () => {
    const { on } = await tenant('business');
    const uri = (await on[0].upload(smallCatalog(3))).body.uri;
    const accepted = await on[0].call('POST', '/api/v1/jobs', catalogJob(uri, { idempotency_key: 'first' }));
    expect(accepted.status).toBe(202);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => on[i % 2].call('POST', '/api/v1/jobs', catalogJob(uri))),
    );
    expect(describeAnswers(answers)).toEqual([
      '202',
      '202',
      '429 QUOTA_EXCEEDED',
      '429 QUOTA_EXCEEDED',
      '429 QUOTA_EXCEEDED',
      '429 QUOTA_EXCEEDED',
    ]);
    const refused = answers.find((a) => a.status === 429) as Answer;
    expect(refused.body.error.details).toEqual({ quota: 'queued_jobs', limit: 3, queued: 3 });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // At the limit, the idempotent replay still answers with its job.
    const replay = await on[1].call('POST', '/api/v1/jobs', catalogJob(uri, { idempotency_key: 'first' }));
    expect(replay).toMatchObject({ status: 200, body: { id: accepted.body.id } });
    // Cancelling one frees its slot.
    await on[0].call('DELETE', `/api/v1/jobs/${accepted.body.id}`);
    expect((await on[1].call('POST', '/api/v1/jobs', catalogJob(uri))).status).toBe(202);
  });

  async function inputsOf(tenantId: string): Promise<string[]> {
    return readdir(join(platform.storageRoot, 'tenants', tenantId, 'inputs')).catch(() => []);
  }

  it('refuses uploads past the bytes a tenant may upload in a day, keeping no refused file', async () => {
    const { id, on } = await tenant('business');
    const first = await on[0].upload(catalogOf(2_000));
    expect(first.status).toBe(201);
    // Past the day's room (1000 bytes left): refused while it streams, the partial file removed.
    const over = await on[1].upload(catalogOf(2_000));
    expect(over).toMatchObject({
      status: 429,
      body: {
        error: {
          code: 'QUOTA_EXCEEDED',
          details: { quota: 'upload_bytes_per_day', limit: 3_000, used: 2_000 },
        },
      },
    });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(23 * 3_600);
    const fits = await on[1].call('POST', '/api/v1/files', catalogOf(990), { 'content-type': 'text/csv' });
    expect(fits.status).toBe(201);
    // 10 bytes left: even a tiny file does not fit; refused before anything is stored.
    const full = await on[0].upload(catalogOf(500));
    expect(full).toMatchObject({ status: 429, body: { error: { code: 'QUOTA_EXCEEDED' } } });
    expect((await inputsOf(id)).sort()).toEqual(
      [first.body.uri, fits.body.uri].map((uri: string) => uri.split('/').pop()).sort(),
    );
  });

  it('refuses uploads past the tenant’s storage quota', async () => {
    const { id, on } = await tenant('enterprise');
    expect((await on[0].upload(catalogOf(2_500))).status).toBe(201);
    const over = await on[1].upload(catalogOf(1_000));
    expect(over).toMatchObject({
      status: 429,
      body: {
        error: { code: 'QUOTA_EXCEEDED', details: { quota: 'storage_bytes', limit: 3_000, used: 2_500 } },
      },
    });
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await inputsOf(id)).toHaveLength(1);
  });
});

describe('limits under npm start (one process, no Redis: counted in memory)', () => {
  const embedded = new EmbeddedPlatform();
  let admin: ApiClient;

  beforeAll(async () => {
    await embedded.start({ ...GATEWAY_LIMITS, ...JOB_SERVICE_LIMITS });
    admin = new ApiClient(embedded.gatewayUrl, embedded.adminToken);
  }, 180_000);
  afterAll(() => embedded.dispose(), 60_000);

  const seller = async (plan: string) =>
    new ApiClient(embedded.gatewayUrl).as(
      (await admin.call('POST', '/api/v1/admin/tenants', { name: `Loja ${plan}`, plan })).body.api_key,
    );

  it('enforces the request rate in memory, with the same headers', async () => {
    expect(embedded.output).toContain('limits:   counted in memory (this process)');
    const client = await seller('free');
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => client.call('GET', '/api/v1/jobs?limit=1')),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(5);
    for (const answer of refused) {
      expect(answer.body.error.code).toBe('RATE_LIMITED');
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.headers.get('ratelimit')).toMatch(/^"requests";r=0;t=\d+$/);
    }
  });

  it('enforces the upload quota on the embedded database', async () => {
    const client = await seller('business');
    expect((await client.upload(catalogOf(2_500))).status).toBe(201);
    expect(await client.upload(catalogOf(1_000))).toMatchObject({
      status: 429,
      body: { error: { code: 'QUOTA_EXCEEDED', details: { quota: 'upload_bytes_per_day' } } },
    });
  });
});
