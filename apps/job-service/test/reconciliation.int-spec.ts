import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JOB_EVENTS_QUEUE, JobResponse } from '@validahub/job-contracts';
import { testInfrastructure, waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

const BATCH_SIZE = 50;
const BACKLOG = 150;

describe('reconciliation under a backlog (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;

  beforeAll(async () => {
    await js.start({ RECONCILE_BATCH_SIZE: String(BATCH_SIZE) });
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

  /** A running job whose worker died and whose run message is gone. */
  async function lostRun(): Promise<JobResponse> {
    const job = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await waitFor(
      () => js.inspector.isPending('queue-free', `${job.id}.1`),
      (p) => p,
      { what: 'dispatched' },
    );
    await js.publisher.remove('queue-free', `${job.id}.1`);
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await waitFor(() => getJob(job.id), (j) => j.status === 'running', { what: 'running' });
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
    await waitFor(
      () => js.inspector.depths([JOB_EVENTS_QUEUE]),
      ([d]) => d.waiting + d.active === 0,
      { what: 'its start applied' },
    );
    // Steady load: the report queue never empties. Paused, a report sits in it for the whole test.
    const events = new Queue(JOB_EVENTS_QUEUE, {
      connection: { url: testInfrastructure().redisUrl },
      prefix: js.prefix,
    });
    try {
      await events.pause();
      const publishedAt = Date.now();
      await js.sendEvent({ type: 'heartbeat', jobId: '00000000-0000-4000-8000-000000000000', attempt: 1 });
      expect((await js.inspector.depths([JOB_EVENTS_QUEUE]))[0].waiting).toBe(1);

      // Its last heartbeat was applied shortly before that report was published: the report might be its
      // worker's (a completion, say), so the run is not judged yet.
      await sql(`UPDATE jobs SET heartbeat_at = to_timestamp($2 / 1000.0) - interval '500 milliseconds' WHERE id = $1`, [
        lost.id,
        publishedAt,
      ]);
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await passesUntilLost(lost.id, bound(BACKLOG + 2))).toBeUndefined();
      expect((await getJob(lost.id)).status).toBe('running');

      // Silent for more than a lease before the oldest waiting report: a live worker would have been heard.
      await sql(`UPDATE jobs SET heartbeat_at = to_timestamp($2 / 1000.0) - interval '1500 milliseconds' WHERE id = $1`, [
        lost.id,
        publishedAt,
      ]);
      expect(await passesUntilLost(lost.id, bound(BACKLOG + 2))).toBeDefined();
      expect(await getJob(lost.id)).toMatchObject({ status: 'retrying', attempt: 2 });
    } finally {
      await events.resume();
      await events.close();
    }
  });
});
