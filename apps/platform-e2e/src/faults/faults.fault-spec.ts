import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@validahub/testing';
import { ApiClient } from '../api-client';
import { catalogJob, smallCatalog } from '../catalog';
import { Platform } from '../platform';
import { audit, ScenarioFigures, waitForQuiet } from './audit';
import { DedicatedPostgres } from './dedicated-postgres';
import { DedicatedRedis } from './dedicated-redis';
import { LoadGenerator } from './load-generator';

const JOBS_PER_SCENARIO = 1_000;
const CATALOG_ROWS = 20;
/** Every acknowledged job must be terminal within this long after its fault. */
const BOUND_MS = 180_000;

// The services as separate processes on a Postgres and a Redis of the suite's own, which it crashes.
describe('fault suite: nothing lost, nothing twice', () => {
  const postgres = new DedicatedPostgres();
  const redis = new DedicatedRedis();
  let platform: Platform;
  let admin: ApiClient;
  const figures: ScenarioFigures[] = [];

  beforeAll(async () => {
    await postgres.init();
    await redis.start();
    platform = new Platform({
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      workers: 2,
      env: {
        'job-service': {
          LOG_LEVEL: 'warn',
          JOB_LEASE_MS: '15000',
          RECONCILE_INTERVAL_MS: '3000',
          RETRY_BASE_DELAY_MS: '500',
          RETRY_MAX_DELAY_MS: '2000',
          // 1,000 jobs per scenario from one pro tenant: far past its default queued-jobs quota.
          MAX_QUEUED_JOBS_PRO: '100000',
        },
        'csv-worker': {
          LOG_LEVEL: 'warn',
          WORKER_CONCURRENCY: '4',
          QUEUE_LOCK_DURATION_MS: '5000',
          HEARTBEAT_INTERVAL_MS: '2000',
        },
        'api-gateway': {
          LOG_LEVEL: 'warn',
          JOB_SERVICE_TIMEOUT_MS: '5000',
          AUTH_CACHE_TTL_MS: '60000',
          // The load and the audit of every job go well past a pro tenant's default request rate.
          RATE_LIMIT_RPS_PRO: '100000',
        },
      },
    });
    await platform.start();
    admin = new ApiClient(platform.gatewayUrl, platform.adminToken);
  }, 120_000);

  afterAll(async () => {
    if (figures.length > 0) writeReport(figures);
    await platform?.dispose();
    await redis.dispose();
    postgres.dispose();
  });

  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs(80));
  });

  async function scenario(
    name: string,
    inject: (load: LoadGenerator) => Promise<number>,
  ): Promise<ScenarioFigures> {
    const tenant = (await admin.call('POST', '/api/v1/admin/tenants', { name, plan: 'pro' })).body;
    const seller = new ApiClient(platform.gatewayUrl, tenant.api_key);
    const input = (await seller.upload(smallCatalog(CATALOG_ROWS))).body.uri;
    const load = new LoadGenerator(seller, (key) =>
      catalogJob(input, { task: 'correct_csv_job', idempotency_key: key }),
    );
    const submitting = load.run(name, JOBS_PER_SCENARIO, 16);
    const faultAt = await inject(load);
    await submitting;
    const recovery = await waitForQuiet(seller, faultAt, BOUND_MS);
    const result = await audit(name, seller, load.submissions, recovery, CATALOG_ROWS, {
      storageRoot: platform.storageRoot,
      tenantId: tenant.tenant_id,
    });
    figures.push(result);
    process.stderr.write(`${JSON.stringify(result)}\n`);
    return result;
  }

  const expectIntact = (result: ScenarioFigures) => {
    expect(result).toMatchObject({
      acknowledged: JOBS_PER_SCENARIO,
      succeeded: JOBS_PER_SCENARIO,
      lost: 0,
      duplicated: 0,
      corrupt: 0,
      completedTwice: 0,
      leftoverFolders: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(result.recoverySeconds).toBeLessThan(BOUND_MS / 1000);
  };

  const runsActive = async () =>
    (
      (await new ApiClient(platform.gatewayUrl).call('GET', '/health/queue')).body.queues as {
        active: number;
      }[]
    ).reduce((n, q) => n + q.active, 0);

  it('survives kill -9 of a worker in the middle of its runs', async () => {
    const result = await scenario('worker-crash', async (load) => {
      await waitFor(
        async () => load.acknowledgedCount >= 300 && (await runsActive()) > 0,
        (ready) => ready,
        { what: 'runs in flight', timeoutMs: 120_000 },
      );
      await platform.kill('csv-worker');
      const at = Date.now();
      await sleep(2_000);
      await platform.startService('csv-worker');
      return at;
    });
    expectIntact(result);
  });

  it('survives kill -9 of the job-service during a submission burst', async () => {
    const result = await scenario('job-service-crash', async (load) => {
      await waitFor(
        () => load.acknowledgedCount,
        (n) => n >= 300,
        { what: 'the burst to be under way', timeoutMs: 120_000 },
      );
      await platform.kill('job-service');
      const at = Date.now();
      await sleep(3_000);
      await platform.startService('job-service');
      return at;
    });
    expectIntact(result);
  });

  it('survives Redis flushed and restarted (no persistence)', async () => {
    const result = await scenario('redis-flush-restart', async (load) => {
      await waitFor(
        async () => load.acknowledgedCount >= 300 && (await runsActive()) > 0,
        (ready) => ready,
        { what: 'runs in flight', timeoutMs: 120_000 },
      );
      await redis.kill();
      const at = Date.now();
      await sleep(2_000);
      await redis.start();
      return at;
    });
    expectIntact(result);
  });

  it('loses nothing across a rolling restart (SIGTERM each service in turn)', async () => {
    const exitCodes: (number | null)[] = [];
    const result = await scenario('rolling-restart', async (load) => {
      await waitFor(
        async () => load.acknowledgedCount >= 200 && (await runsActive()) > 0,
        (ready) => ready,
        { what: 'runs in flight', timeoutMs: 120_000 },
      );
      const at = Date.now();
      for (const instance of ['csv-worker', 'csv-worker-2', 'job-service', 'api-gateway'] as const) {
        exitCodes.push(await platform.stop(instance));
        await platform.startService(instance);
      }
      return at;
    });
    expect(exitCodes).toEqual([0, 0, 0, 0]);
    expectIntact(result);
  });

  it('survives Postgres crashing and restarting', async () => {
    const result = await scenario('postgres-restart', async (load) => {
      await waitFor(
        async () => load.acknowledgedCount >= 300 && (await runsActive()) > 0,
        (ready) => ready,
        { what: 'runs in flight', timeoutMs: 120_000 },
      );
      postgres.stop('immediate');
      const at = Date.now();
      await sleep(3_000);
      postgres.start();
      return at;
    });
    expectIntact(result);
  });
});

function writeReport(figures: ScenarioFigures[]): void {
  const rows = figures.map(
    (f) =>
      `| ${f.scenario} | ${f.acknowledged} | ${f.succeeded} | ${f.failed} | ${f.lost} | ${f.duplicated} | ${f.corrupt} | ${f.completedTwice} | ${f.leftoverFolders} | ${f.retried} | ${f.recoverySeconds.toFixed(1)} |`,
  );
  const longest = Math.max(...figures.map((f) => f.recoverySeconds));
  const text = `# Reliability

Figures from the last run of the fault suite (\`npm run test:faults\`, ${new Date().toISOString().slice(0, 10)}), written by
\`apps/platform-e2e/src/faults/faults.fault-spec.ts\`. Each scenario submits ${JOBS_PER_SCENARIO} \`correct_csv_job\`s
(${CATALOG_ROWS}-row catalog, one idempotency key each, 16 clients retrying on errors and 503 after \`Retry-After\`) to the three
services running as separate processes (job-service, two csv-workers with 4 runs each, api-gateway) on a Postgres and a Redis of
the suite's own, and injects its fault while jobs are being submitted and run.

| Scenario | Acknowledged | Succeeded | Failed | Lost | Duplicated | Corrupt artifacts | Completed ≠ once | Leftover run folders | Re-run (attempt > 1) | Fault → all terminal (s) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Longest recovery: **${longest.toFixed(1)} s** (bound asserted by the suite: ${BOUND_MS / 1000} s).

- **Lost**: acknowledged (202/200) but missing or not terminal within the bound. **Duplicated**: an idempotency key that
  produced more than one job. **Corrupt**: an artifact whose download differs from its recorded SHA-256 or size, or a
  report.json that does not describe the ${CATALOG_ROWS}-row input. **Completed ≠ once**: a succeeded job whose history
  does not hold exactly one \`job.completed\` (a run delivered twice whose result was applied twice). A run may well be
  delivered twice (a crashed worker's message comes back); its outcome is applied once, by compare-and-set, and its
  artifacts live in a folder of that run, published to the job only by the winning outcome. **Leftover run folders**:
  folders of finished jobs other than the one their result names (what a killed or losing run wrote), counted once
  reports have settled; the job-service removes them when the job ends and when a losing run reports.
- Faults: \`worker-crash\` kill -9 of one worker with runs in flight, restarted 2 s later; \`job-service-crash\` kill -9 of
  the job-service after 300 acknowledgements, restarted 3 s later; \`redis-flush-restart\` kill -9 of Redis (no persistence:
  every queued message, lock and report is gone), restarted empty 2 s later; \`postgres-restart\` an immediate shutdown of
    Postgres (a crash), restarted 3 s later; \`rolling-restart\` SIGTERM and restart of each worker, the job-service and the
  gateway in turn (each must exit 0 after draining).
- Settings of the run: \`QUEUE_LOCK_DURATION_MS=5000\`, \`JOB_LEASE_MS=15000\`, \`RECONCILE_INTERVAL_MS=3000\`. With the
  production defaults (15 s lock, 60 s lease, 15 s reconcile) the bound on a non-terminal job stuck by a fault is
  about lease + reconcile interval + one run after the fault is repaired: ≈ 80 s plus the run itself (a run lost with
  its worker also waits for the reports published up to a lease after its last heartbeat to be applied; with more quiet
  jobs than \`RECONCILE_BATCH_SIZE\`, add a reconcile interval per further batch).
`;
  writeFileSync(join(resolve(__dirname, '../../../..'), 'RELIABILITY.md'), text);
}
