import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobResponse } from '@validahub/job-contracts/http';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

const BATCH_SIZE = 50;
const BACKLOG = 150;

describe('reconciliation under a backlog (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;

  beforeAll(async () => {
    // The backlog is far more unfinished jobs than a free tenant's default quota allows, and all of it in the
    // queue: no fairness cap or queue depth keeps it in Postgres.
    await js.start({
      RECONCILE_BATCH_SIZE: String(BATCH_SIZE),
      MAX_QUEUED_JOBS_FREE: '1000',
      MAX_RUNNING_JOBS_FREE: '1000',
      DISPATCH_QUEUE_DEPTH: '1000',
    });
    tenantId = (await js.tenant('free')).tenant_id;
    // A free-queue backlog: jobs dispatched long ago and legitimately still waiting for a worker.
    const inputUri = await js.upload(tenantId);
    for (let i = 0; i < BACKLOG; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(inputUri) }),
        ),
      );
    }
    await waitFor(
      () => js.inspector.depths(['queue-free']),
      ([d]) => d.waiting === BACKLOG,
      { what: 'the backlog dispatched', timeoutMs: 30_000 },
    );
  }, 60_000);
  afterAll(() => js.dispose());

  const getJob = async (id: string): Promise<JobResponse> =>
    (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId })).body;
  const sql = (query: string, parameters: unknown[]) => js.app.get(DataSource).query(query, parameters);

  const backdateHeartbeat = (jobId: string, at: number) =>
    sql(`UPDATE jobs SET heartbeat_at = to_timestamp($2 / 1000.0) WHERE id = $1`, [jobId, at]);

  async function createAndDispatch(): Promise<JobResponse> {
    const job = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await waitFor(
      () => js.inspector.isPending('queue-free', `${job.id}.1`),
      (p) => p,
      { what: 'dispatched' },
    );
    return job;
  }

  /** A running job whose worker died and whose run message is gone. */
  async function lostRun(): Promise<JobResponse> {
    const job = await createAndDispatch();
    await js.publisher.remove('queue-free', `${job.id}.1`);
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await waitFor(
      () => getJob(job.id),
      (j) => j.status === 'running',
      { what: 'running' },
    );
    return job;
  }

  /** Reconciliation passes until the job is retried as lost, or `passes` ran; returns how many it took. */
  async function passesUntilLost(jobId: string, passes: number): Promise<number | undefined> {
    for (let pass = 1; pass <= passes; pass++) {
      await js.reconciler.reconcile();
      if ((await getJob(jobId)).error?.code === 'WORKER_LOST') return pass;
    }
    return undefined;
  }

  // Every quiet job is examined within ceil(quiet / batch) + 1 passes.
  const bound = (quiet: number) => Math.ceil(quiet / BATCH_SIZE) + 1;

  it('recovers a lost run hidden behind more waiting jobs than a pass examines', async () => {
    const lost = await lostRun();
    await new Promise((r) => setTimeout(r, 1_100)); // past JOB_LEASE_MS: the backlog and the run are quiet

    const passes = await passesUntilLost(lost.id, bound(BACKLOG + 1));
    expect(passes).toBeDefined();
    expect(await getJob(lost.id)).toMatchObject({ status: 'retrying', attempt: 2 });
    // The backlog is still in the queue: none of it was touched.
    expect((await js.inspector.depths(['queue-free']))[0].waiting).toBe(BACKLOG);
  });

  it('recovers a lost run while worker reports keep waiting, once none can be its own', async () => {
    const lost = await lostRun();
    // Steady load: the report queue never empties. Here a live job's heartbeat stays in it, its
    // application blocked on that job's row, which the test holds locked.
    const live = await createAndDispatch();
    await js.sendEvent({ type: 'started', jobId: live.id, attempt: 1 });
    await waitFor(
      () => getJob(live.id),
      (j) => j.status === 'running',
      { what: 'running' },
    );
    const lock = new Client({ connectionString: await js.databaseUrl() });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE', [live.id]);
      const publishedAt = Date.now();
      await js.sendEvent({ type: 'heartbeat', jobId: live.id, attempt: 1 });
      await waitFor(
        () => js.unappliedReports(),
        (n) => n === 1,
        { what: 'a report stuck in the stream' },
      );

      // Its last heartbeat was applied shortly before that report was published: the report might be its
      // worker's (a completion, say), so the run is not judged yet.
      await backdateHeartbeat(lost.id, publishedAt - 500);
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await passesUntilLost(lost.id, bound(BACKLOG + 3))).toBeUndefined();
      expect((await getJob(lost.id)).status).toBe('running');

      // Silent for more than a lease before the oldest waiting report: a live worker would have been heard.
      await backdateHeartbeat(lost.id, publishedAt - 1_500);
      expect(await passesUntilLost(lost.id, bound(BACKLOG + 3))).toBeDefined();
      expect(await getJob(lost.id)).toMatchObject({ status: 'retrying', attempt: 2 });
      expect(await js.unappliedReports()).toBe(1);
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }
  });
});
