import { trace } from '@opentelemetry/api';
import { CreateJobRequest, CreateTenantResponse } from '@validahub/job-contracts/http';
import { metricValue as value, recordSpans, waitFor } from '@validahub/testing';
import { JobCommandsService } from '../src/jobs/job-commands.service';
import { JobServiceHarness } from './job-service.harness';
import { completedResult } from './worker-reports';

// The job-service's part of tracing (a run continues the trace of the request that created its job), its
// `/metrics` and the context of its log lines, on the real Postgres and Redis.
describe('job-service traces, metrics and logs', () => {
  const spans = recordSpans();
  const js = new JobServiceHarness();
  let tenant: CreateTenantResponse;

  beforeAll(async () => {
    await js.start();
    tenant = await js.tenant('pro');
  });
  afterAll(() => js.dispose());

  const create = async (overrides: Record<string, unknown> = {}) =>
    (
      await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(await js.upload(tenant.tenant_id), overrides),
      })
    ).body;
  const status = async (id: string) =>
    (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId: tenant.tenant_id })).body.status;
  const metrics = async () => {
    const answer = await fetch(`${js.baseUrl}/metrics`);
    expect(answer.status).toBe(200);
    return answer.text();
  };
  const pro = { queue: 'queue-pro', task: 'validate_csv_job', plan: 'pro' };

  it('publishes a job’s run in the trace of the request that created it, long after that request ended', async () => {
    const capture = js.captureRuns();
    try {
      const request = js.jobBody(await js.upload(tenant.tenant_id)) as unknown as CreateJobRequest;
      const { job, origin } = await trace
        .getTracer('spec')
        .startActiveSpan('POST /api/v1/jobs', async (span) => {
          const created = await js.app.get(JobCommandsService).create(tenant, request, 'corr-trace');
          span.end();
          return { job: created.job, origin: span.spanContext() };
        });
      await waitFor(
        () => capture.runs.some((r) => r.payload.jobId === job.id),
        (dispatched) => dispatched,
        { what: 'the run to be dispatched' },
      );
      // Published by the dispatcher's own loop, yet a child of the request's span.
      const publish = spans
        .getFinishedSpans()
        .find(
          (s) => s.name === 'publish queue-pro' && s.attributes['messaging.message.id'] === `${job.id}.1`,
        );
      expect(publish?.spanContext().traceId).toBe(origin.traceId);
      expect(publish?.parentSpanContext?.spanId).toBe(origin.spanId);
    } finally {
      await capture.close();
    }
  });

  it('counts status changes, queue wait and run time, retries, failures and CRITICAL errors', async () => {
    const lines = js.captureLogs();
    const before = await metrics();
    const ok = await create();
    const failing = await create({ max_retries: 0 });
    for (const job of [ok, failing]) await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    // Reports are applied concurrently: the end must not overtake the start, or there is no RUNNING.
    await waitFor(
      async () => [await status(ok.id), await status(failing.id)],
      (s) => s.every((x) => x === 'running'),
      { what: 'both jobs to run' },
    );
    await js.sendEvent({ type: 'completed', jobId: ok.id, attempt: 1, result: completedResult(ok.id) });
    await js.sendEvent({
      type: 'failed',
      jobId: failing.id,
      attempt: 1,
      error: { code: 'STORAGE_DOWN', message: 'CRITICAL: the bucket is gone', transient: false },
    });
    await waitFor(
      async () => [await status(ok.id), await status(failing.id)],
      ([a, b]) => a === 'succeeded' && b === 'failed',
      { what: 'both jobs to finish' },
    );
    const after = await metrics();
    const moved = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(moved('validahub_job_status_changes_total', { ...pro, status: 'queued' })).toBe(2);
    expect(moved('validahub_job_status_changes_total', { ...pro, status: 'running' })).toBe(2);
    expect(moved('validahub_job_status_changes_total', { ...pro, status: 'succeeded' })).toBe(1);
    expect(moved('validahub_job_status_changes_total', { ...pro, status: 'failed' })).toBe(1);
    expect(moved('validahub_job_queue_wait_seconds_count', pro)).toBe(2);
    expect(moved('validahub_job_run_seconds_count', { ...pro, status: 'succeeded' })).toBe(1);
    expect(moved('validahub_job_run_seconds_count', { ...pro, status: 'failed' })).toBe(1);
    expect(moved('validahub_job_failures_total', { ...pro, error_code: 'STORAGE_DOWN' })).toBe(1);
    expect(moved('validahub_job_needs_operator_total', { ...pro, error_code: 'STORAGE_DOWN' })).toBe(1);
    // The operator's event: an error-level line an alert can match, naming the job and the error.
    expect(lines.filter((l) => l['event'] === 'job.needs_operator')).toEqual([
      expect.objectContaining({ level: 'error', job_id: failing.id, code: 'STORAGE_DOWN' }),
    ]);
    expect(after).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/internal\/v1\/jobs",status_code="202"\} \d+/m,
    );
  });

  it('counts automatic retries by error code', async () => {
    const before = await metrics();
    const job = await create({ max_retries: 1 });
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 1,
      error: { code: 'UPSTREAM_TIMEOUT', message: 'slow', transient: true },
    });
    await waitFor(
      () => status(job.id),
      (s) => s === 'retrying',
      { what: 'the retry' },
    );
    const retries = { ...pro, error_code: 'UPSTREAM_TIMEOUT' };
    expect(
      value(await metrics(), 'validahub_job_retries_total', retries) -
        value(before, 'validahub_job_retries_total', retries),
    ).toBe(1);
  });

  it('reads jobs by status, unfinished jobs and queue depth when scraped', async () => {
    const waiting = await create();
    // Nothing consumes the plan queues here: the run waits in queue-pro. Gauges are cached for 5 s.
    const text = await waitFor(
      metrics,
      (t) =>
        value(t, 'validahub_queue_depth', { queue: 'queue-pro' }) >= 1 &&
        value(t, 'validahub_jobs_unfinished', { ...pro, status: 'queued' }) >= 1,
      { what: 'the gauges to show the waiting job', timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(value(text, 'validahub_jobs', { ...pro, status: 'succeeded' })).toBeGreaterThanOrEqual(1);
    expect(value(text, 'validahub_jobs', { ...pro, status: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(value(text, 'validahub_jobs', { ...pro, status: 'retrying' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('validahub_queue_depth{queue="job-events"}');
    expect(text).toContain('validahub_queue_depth{queue="job-reports"}');
    expect(await status(waiting.id)).toBe('queued');
  });

  it('logs the tenant within a tenant’s request, and the tenant and job when applying a worker’s report', async () => {
    const lines = js.captureLogs();
    const job = await create();
    expect(await status(job.id)).toBe('queued');
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await waitFor(
      () => lines.find((l) => l['msg'] === 'job running' && l['job_id'] === job.id),
      (line) => line !== undefined,
      { what: 'the applied report to be logged' },
    );
    const requests = lines.filter((l) => l['msg'] === 'request');
    expect(requests.find((l) => l['path'] === '/internal/v1/jobs')).toMatchObject({
      method: 'POST',
      tenant_id: tenant.tenant_id,
    });
    expect(requests.find((l) => l['path'] === `/internal/v1/jobs/${job.id}`)).toMatchObject({
      method: 'GET',
      tenant_id: tenant.tenant_id,
      job_id: job.id,
    });
    // The report names only the job: the tenant comes from its row.
    expect(lines.find((l) => l['msg'] === 'job running')).toMatchObject({
      service: 'job-service',
      job_id: job.id,
      tenant_id: tenant.tenant_id,
      correlation_id: 'test',
      attempt: 1,
    });
  });
});
