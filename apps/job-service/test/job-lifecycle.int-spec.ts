import type { JobResponse } from '@validahub/job-contracts/http';
import { JOB_REPORTS_STREAM } from '@validahub/job-contracts';
import { MAX_RETRIES_CAP } from '@validahub/job-domain';
import { createQueueDriver } from '@validahub/queue';
import { testInfrastructure, waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';
import { completedResult as result } from './worker-reports';

describe('job lifecycle driven by worker events (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;

  beforeAll(async () => {
    await js.start();
    tenantId = (await js.tenant('enterprise')).tenant_id;
  });
  afterAll(() => js.dispose());

  const getJob = async (id: string) => (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId })).body;
  const until = (id: string, check: (job: JobResponse) => boolean, what: string) =>
    waitFor(() => getJob(id), check, { what, timeoutMs: 15_000 });
  const create = async (overrides: Record<string, unknown> = {}) =>
    (
      await js.http('POST', '/internal/v1/jobs', {
        tenantId,
        body: js.jobBody(await js.upload(tenantId), overrides),
      })
    ).body;

  it('reports runnable depth for the autoscaler', async () => {
    const before = (await js.http('GET', '/internal/v1/stats/runnable')).body.runnable;
    const job = await create();
    await waitFor(
      () => js.http('GET', '/internal/v1/stats/runnable'),
      (a) => a.body.runnable === before + 1,
      { what: 'the run to count' },
    );
    expect(
      (await js.http('GET', '/internal/v1/stats/runnable')).body.queues['queue-enterprise'],
    ).toBeGreaterThanOrEqual(1);
    await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId });
    await waitFor(
      () => js.http('GET', '/internal/v1/stats/runnable'),
      (a) => a.body.runnable === before,
      { what: 'the cancelled run to leave the queue' },
    );
  });

  it('dispatches to the plan queue with the run message and priority', async () => {
    const capture = js.captureRuns();
    try {
      const job = await create({ priority: 9 });
      const [run] = await waitFor(
        () => capture.runs.filter((r) => r.payload.jobId === job.id),
        (r) => r.length === 1,
        { what: 'run message' },
      );
      expect(run.queue).toBe('queue-enterprise');
      expect(run.id).toBe(`${job.id}.1`);
      expect(run.payload).toMatchObject({
        v: 1,
        jobId: job.id,
        attempt: 1,
        task: 'validate_csv_job',
        tenantId,
        params: { marketplace: 'mercado_livre', auto_fix: false },
      });
      expect((await getJob(job.id)).status).toBe('queued');
      // This test's consumer is not a worker: finish the job so later reconciliation has nothing to repair.
      await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId });
    } finally {
      await capture.close();
    }
  });

  it('runs QUEUED → RUNNING → SUCCEEDED from events, and ignores late or stale ones', async () => {
    const job = await create();
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await until(job.id, (j) => j.status === 'running' && j.started_at !== null, 'running');
    await js.sendEvent({
      type: 'progress',
      jobId: job.id,
      attempt: 1,
      progress: 45.5,
      message: 'Processing row 455 of 1000',
    });
    await until(job.id, (j) => j.progress === 45.5, 'progress');
    expect((await getJob(job.id)).message).toBe('Processing row 455 of 1000');
    // Progress never goes backwards.
    await js.sendEvent({
      type: 'progress',
      jobId: job.id,
      attempt: 1,
      progress: 10,
      message: 'Processing row 100 of 1000',
    });
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id) });
    const done = await until(job.id, (j) => j.status === 'succeeded', 'succeeded');
    expect(done).toMatchObject({ progress: 100, error: null, result: { summary: { rows: 10, invalid: 0 } } });
    expect(done.result?.artifacts).toEqual([
      {
        name: 'report.json',
        size: 10,
        sha256: 'a'.repeat(64),
        content_type: 'application/json',
        url: `/api/v1/jobs/${job.id}/artifacts/report.json`,
      },
    ]);
    expect(done.finished_at).not.toBeNull();

    // A late "started" and a failure of an old attempt change nothing.
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 0,
      error: { code: 'X', message: 'old', transient: false },
    });
    await waitFor(
      () => js.unappliedReports(),
      (n) => n === 0,
      { what: 'events drained' },
    );
    expect((await getJob(job.id)).status).toBe('succeeded');

    const artifact = await js.http('GET', `/internal/v1/jobs/${job.id}/artifacts/report.json`, { tenantId });
    expect(artifact.body).toMatchObject({
      name: 'report.json',
      key: `tenants/t/jobs/${job.id}/attempt-1-aaaa1111/report.json`,
    });
    const missing = await js.http('GET', `/internal/v1/jobs/${job.id}/artifacts/corrected.csv`, { tenantId });
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { code: 'ARTIFACT_NOT_FOUND', details: { available: ['report.json'] } } },
    });
  });

  it('accepts a completion that overtakes its start', async () => {
    const job = await create();
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id) });
    const done = await until(job.id, (j) => j.status === 'succeeded', 'succeeded');
    expect(done.started_at).not.toBeNull();
  });

  it('retries a transient failure with backoff as a new attempt, then fails when retries run out', async () => {
    const capture = js.captureRuns();
    try {
      const job = await create({ max_retries: 2 });
      for (const attempt of [1, 2]) {
        await waitFor(
          () => capture.runs.filter((r) => r.payload.jobId === job.id),
          (r) => r.length === attempt,
          { what: `run ${attempt}`, timeoutMs: 15_000 },
        );
        await js.sendEvent({ type: 'started', jobId: job.id, attempt });
        await until(job.id, (j) => j.status === 'running' && j.attempt === attempt, `running ${attempt}`);
        const failedFrom = Date.now();
        await js.sendEvent({
          type: 'failed',
          jobId: job.id,
          attempt,
          error: { code: 'IO_ERROR', message: 'disk hiccup', transient: true },
        });
        const retrying = await until(job.id, (j) => j.attempt === attempt + 1, `retry ${attempt}`);
        const failedBy = Date.now();
        expect(retrying).toMatchObject({
          status: 'retrying',
          retry_count: attempt,
          error: { code: 'IO_ERROR', message: 'disk hiccup' },
        });
        // Equal jitter on a doubling ceiling (RETRY_BASE_DELAY_MS=200, RETRY_MAX_DELAY_MS=400 here):
        // retry 1 waits 100–200 ms after the failure, retry 2 200–400 ms.
        const ceiling = Math.min(400, 200 * 2 ** (attempt - 1));
        const nextAttemptAt = new Date(retrying.next_attempt_at ?? 0).getTime();
        expect(nextAttemptAt).toBeGreaterThanOrEqual(failedFrom + ceiling / 2);
        expect(nextAttemptAt).toBeLessThanOrEqual(failedBy + ceiling);
      }
      await waitFor(
        () => capture.runs.filter((r) => r.payload.jobId === job.id),
        (r) => r.length === 3,
        { what: 'run 3', timeoutMs: 15_000 },
      );
      expect(capture.runs.filter((r) => r.payload.jobId === job.id).map((r) => r.id)).toEqual([
        `${job.id}.1`,
        `${job.id}.2`,
        `${job.id}.3`,
      ]);
      await js.sendEvent({
        type: 'failed',
        jobId: job.id,
        attempt: 3,
        error: { code: 'IO_ERROR', message: 'disk hiccup', transient: true },
      });
      const failed = await until(job.id, (j) => j.status === 'failed', 'failed');
      expect(failed).toMatchObject({ retry_count: 2, attempt: 3, error: { code: 'IO_ERROR' } });
      expect(failed.message).toContain('Failed after 2 retries');
    } finally {
      await capture.close();
    }
  });

  it('rejects max_retries above the cap, naming the field', async () => {
    const answer = await js.http('POST', '/internal/v1/jobs', {
      tenantId,
      body: js.jobBody(await js.upload(tenantId), { max_retries: MAX_RETRIES_CAP + 1 }),
    });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['max_retries']);
  });

  it('fails a permanent error at once, and a manual retry runs it again', async () => {
    const job = await create();
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 1,
      error: { code: 'INPUT_UNREADABLE', message: 'not a CSV', transient: false },
    });
    const failed = await until(job.id, (j) => j.status === 'failed', 'failed');
    expect(failed).toMatchObject({
      retry_count: 0,
      error: { code: 'INPUT_UNREADABLE', message: 'not a CSV' },
    });
    const retried = await js.http('POST', `/internal/v1/jobs/${job.id}/retry`, { tenantId });
    expect(retried.body).toMatchObject({ status: 'queued', attempt: 2, error: null, retry_count: 0 });
  });

  it('cancels a running job and ignores the worker’s late completion', async () => {
    const job = await create();
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await until(job.id, (j) => j.status === 'running', 'running');
    expect((await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId })).status).toBe(200);
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id) });
    await waitFor(
      () => js.unappliedReports(),
      (n) => n === 0,
      { what: 'events drained' },
    );
    expect(await getJob(job.id)).toMatchObject({ status: 'cancelled', result: null });
  });

  it('applies reports sent while it was down, once it is back', async () => {
    const job = await create();
    const legacy = await create();
    await js.stop();
    // A worker keeps reporting into the durable queue while the job-service is away.
    const worker = createQueueDriver(
      { driver: 'bullmq', redisUrl: testInfrastructure().redisUrl, prefix: js.prefix },
      (error) => {
        throw error;
      },
    );
    const reports = (jobId: string) =>
      [{ type: 'started' }, { type: 'completed', result: result(jobId) }].map((body, i) => ({
        v: 1,
        eventId: `offline-${jobId}-${i}`,
        jobId,
        attempt: 1,
        at: new Date().toISOString(),
        workerId: 'w',
        correlationId: 'c',
        ...body,
      }));
    await worker.streamPublisher.append(
      JOB_REPORTS_STREAM,
      reports(job.id).map((payload) => ({ payload })),
    );
    // A worker of the previous release still reports into the events queue: drained as well.
    for (const event of reports(legacy.id))
      await worker.publisher.publish('job-events', event, { messageId: event.eventId, attempts: 50 });
    await worker.close();
    await js.start();
    await until(job.id, (j) => j.status === 'succeeded', 'succeeded after restart');
    await until(legacy.id, (j) => j.status === 'succeeded', 'legacy reports applied after restart');
  });

  it('reconciles: re-dispatches a run the queue lost, and retries a run whose worker vanished', async () => {
    const queued = await create();
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${queued.id}.1`),
      (p) => p,
      { what: 'dispatched' },
    );
    // Redis lost the message (flush, failover without persistence).
    expect(await js.publisher.remove('queue-enterprise', `${queued.id}.1`)).toBe(true);

    const running = await create();
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${running.id}.1`),
      (p) => p,
      { what: 'dispatched' },
    );
    await js.publisher.remove('queue-enterprise', `${running.id}.1`);
    await js.sendEvent({ type: 'started', jobId: running.id, attempt: 1 });
    await until(running.id, (j) => j.status === 'running', 'running');
    await waitFor(
      () => js.unappliedReports(),
      (n) => n === 0,
      { what: 'events drained' },
    );

    await new Promise((r) => setTimeout(r, 1_100)); // past JOB_LEASE_MS
    const repaired = await js.reconciler.reconcile();
    expect(repaired).toEqual({ redispatched: 1, lost: 1 });
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${queued.id}.1`),
      (p) => p,
      { what: 're-dispatched' },
    );
    expect(await getJob(running.id)).toMatchObject({
      status: 'retrying',
      attempt: 2,
      error: { code: 'WORKER_LOST' },
    });
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${running.id}.2`),
      (p) => p,
      { what: 'retry dispatched', timeoutMs: 15_000 },
    );
    // A second pass finds nothing more to do.
    expect(await js.reconciler.reconcile()).toEqual({ redispatched: 0, lost: 0 });
  });
});
