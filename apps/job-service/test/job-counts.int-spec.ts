import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { CreateTenantResponse } from '@validahub/job-contracts/http';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';
import { completedResult } from './worker-reports';

/** Every non-zero `validahub_jobs` series, keyed by its labels in name order. */
function jobsGauge(text: string): Record<string, number> {
  const series: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const sample = /^validahub_jobs\{(.*)\} (\S+)$/.exec(line);
    if (sample && Number(sample[2]) !== 0) series[sample[1].split(',').sort().join(',')] = Number(sample[2]);
  }
  return series;
}
const key = (status: string, plan: string, task: string) =>
  `plan="${plan}",queue="queue-${plan}",status="${status}",task="${task}"`;

// The trigger-kept counters behind `validahub_jobs` and `/health/queue`, by status, queue and task, through
// creation, every kind of transition and the retention sweep, on the real Postgres and Redis.
describe('job counts by status, queue, task and plan', () => {
  const js = new JobServiceHarness();
  let db: Client;
  let pro: CreateTenantResponse;
  let free: CreateTenantResponse;

  beforeAll(async () => {
    await js.start({ JOB_RETENTION_DAYS: '30' });
    db = new Client({ connectionString: await js.databaseUrl() });
    await db.connect();
    [pro, free] = [await js.tenant('pro'), await js.tenant('free')];
  });
  afterAll(async () => {
    await db?.end();
    await js.dispose();
  });

  const create = async (tenant: CreateTenantResponse, overrides: Record<string, unknown> = {}) => {
    const answer = await js.http('POST', '/internal/v1/jobs', {
      tenantId: tenant.tenant_id,
      body: js.jobBody(await js.upload(tenant.tenant_id), overrides),
    });
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  const statusOf = async (tenant: CreateTenantResponse, id: string) =>
    (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId: tenant.tenant_id })).body.status;
  const reach = (tenant: CreateTenantResponse, id: string, status: string) =>
    waitFor(
      () => statusOf(tenant, id),
      (s) => s === status,
      { what: `job ${id} to be ${status}` },
    );
  const complete = async (tenant: CreateTenantResponse, id: string) => {
    await js.sendEvent({ type: 'completed', jobId: id, attempt: 1, result: completedResult(id) });
    await reach(tenant, id, 'succeeded');
  };

  it('counts every job under its status, queue, task and plan, and forgets the ones retention deletes', async () => {
    const correct = { task: 'correct_csv_job' };
    const running = await create(pro);
    await js.sendEvent({ type: 'started', jobId: running, attempt: 1 });
    await reach(pro, running, 'running');
    const proSwept = await create(pro);
    await js.sendEvent({ type: 'started', jobId: proSwept, attempt: 1 });
    await reach(pro, proSwept, 'running');
    await complete(pro, proSwept);
    await complete(pro, await create(pro));
    const cancelled = await create(pro);
    expect(
      (await js.http('DELETE', `/internal/v1/jobs/${cancelled}`, { tenantId: pro.tenant_id })).status,
    ).toBe(200);
    await create(pro); // stays queued: nothing consumes the plan queues here
    const failed = await create(pro, correct);
    await js.sendEvent({
      type: 'failed',
      jobId: failed,
      attempt: 1,
      error: { code: 'BAD_INPUT', message: 'no header', transient: false },
    });
    await reach(pro, failed, 'failed');

    await complete(free, await create(free));
    const freeSwept = await create(free);
    await complete(free, freeSwept);
    const retrying = await create(free, { max_retries: 1 });
    await js.sendEvent({
      type: 'failed',
      jobId: retrying,
      attempt: 1,
      error: { code: 'UPSTREAM_TIMEOUT', message: 'slow', transient: true },
    });
    await reach(free, retrying, 'retrying');
    const freeCorrectSwept = await create(free, correct);
    await complete(free, freeCorrectSwept);

    const swept = [proSwept, freeSwept, freeCorrectSwept];
    await db.query(`UPDATE jobs SET finished_at = now() - interval '31 days' WHERE id = ANY($1)`, [swept]);
    expect((await js.http('POST', '/internal/v1/maintenance/cleanup')).body.jobs_deleted).toBe(3);

    const expected = {
      [key('running', 'pro', 'validate_csv_job')]: 1,
      [key('succeeded', 'pro', 'validate_csv_job')]: 1,
      [key('cancelled', 'pro', 'validate_csv_job')]: 1,
      [key('queued', 'pro', 'validate_csv_job')]: 1,
      [key('failed', 'pro', 'correct_csv_job')]: 1,
      [key('succeeded', 'free', 'validate_csv_job')]: 1,
      [key('retrying', 'free', 'validate_csv_job')]: 1,
    };
    // The gauge is cached for 5 s: wait for a read taken after the sweep.
    const gauge = await waitFor(
      async () => jobsGauge(await (await fetch(`${js.baseUrl}/metrics`)).text()),
      (series) => isDeepStrictEqual(series, expected),
      { what: 'validahub_jobs to show the jobs left', timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(gauge).toEqual(expected);

    const counters = await db.query(
      `SELECT status, queue, task, sum(count)::int AS n FROM job_status_counts
       GROUP BY 1, 2, 3 HAVING sum(count) <> 0 ORDER BY 1, 2, 3`,
    );
    const truth = await db.query(
      `SELECT status, queue, task_name AS task, count(*)::int AS n FROM jobs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(counters.rows).toEqual(truth.rows);
    expect(
      (await db.query('SELECT count(*)::int AS n FROM job_status_counts WHERE count < 0')).rows[0].n,
    ).toBe(0);

    expect((await js.http('GET', '/internal/v1/stats/queue')).body.queue_stats).toEqual({
      total_jobs: 7,
      queued: 1,
      running: 1,
      retrying: 1,
      succeeded: 2,
      failed: 1,
      cancelled: 1,
    });
  });
});
