import { randomUUID } from 'node:crypto';
import { metricValue, waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from './otlp-receiver';
import { Instance, Platform } from './platform';

/**
 * Tracing, metrics and log correlation of the three built services, each its own process, as deployed:
 * their real OTLP exporters send to a receiver this suite runs, and each serves its own /metrics.
 */
describe('observability: one trace across the three services, /metrics on each, trace ids in the logs', () => {
  const receiver = new OtlpReceiver();
  let platform: Platform;
  let seller: ApiClient;
  let tenantId: string;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    const otel = {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      // Export within a tenth of a second instead of every five.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // Every trace, not the default one in ten: the test follows one particular job.
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    };
    platform = new Platform({ env: { 'api-gateway': otel, 'job-service': otel, 'csv-worker': otel } });
    await platform.start();
    const admin = new ApiClient(platform.gatewayUrl).as(platform.adminToken);
    const tenant = await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Traço', plan: 'pro' });
    seller = new ApiClient(platform.gatewayUrl).as(tenant.body.api_key);
    tenantId = tenant.body.tenant_id;
  });

  afterAll(async () => {
    await platform.dispose();
    await receiver.stop();
  });

  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  const catalog = smallCatalog(20);

  /** Submits a validation job (with the given correlation id) and waits for it to succeed. */
  async function runJob(correlationId: string): Promise<string> {
    const file = await seller.upload(catalog);
    const job = await seller.call('POST', '/api/v1/jobs', catalogJob(file.body.uri), {
      'X-Correlation-Id': correlationId,
    });
    expect(job.status).toBe(202);
    await waitFor(
      async () => (await seller.job(job.body.id)).body.status,
      (status) => status === 'succeeded',
      { what: 'the job to succeed', timeoutMs: 30_000, intervalMs: 100 },
    );
    return job.body.id;
  }

  it('follows a job in one trace: gateway request, job-service request, dispatch, queue, worker run and its stages, reports back', async () => {
    const correlationId = `trace-${randomUUID()}`;
    const jobId = await runJob(correlationId);

    const gatewayServer = await waitFor(
      () =>
        receiver.spans.find(
          (s) =>
            s.service === 'api-gateway' &&
            s.kind === SPAN_KIND.server &&
            s.attributes['validahub.correlation_id'] === correlationId,
        ),
      (span) => span !== undefined,
      { what: 'the gateway request span' },
    );
    const traceId = gatewayServer?.traceId as string;
    // Each process exports on its own schedule: wait until all of them have sent their part.
    const expected = [
      'job-service POST /internal/v1/jobs',
      'job-service publish queue-pro',
      'csv-worker process queue-pro',
      'csv-worker run validate_csv_job',
      'csv-worker parse_validate',
      'csv-worker write',
    ];
    // The job-service applies reports in batches: each batch is a trace of its own, linked to the trace of
    // every report in it.
    const linkedTo = (span: ReceivedSpan) => span.links.some((l) => l.traceId === traceId);
    const spans = await waitFor(
      () => receiver.spans.filter((s) => s.traceId === traceId || linkedTo(s)),
      (list) =>
        expected.every((name) => list.some((s) => `${s.service} ${s.name}` === name)) &&
        list.some((s) => s.name === 'process job-reports'),
      { what: 'every service to export its spans of the trace', timeoutMs: 15_000 },
    );
    const one = (service: string, name: string, kind?: number): ReceivedSpan => {
      const found = spans.filter(
        (s) => s.service === service && s.name === name && (kind === undefined || s.kind === kind),
      );
      expect(found.map((s) => `${s.service} ${s.name}`)).toEqual([`${service} ${name}`]);
      return found[0];
    };
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const descends = (span: ReceivedSpan, ancestor: ReceivedSpan, among = spans): boolean => {
      const parent = span.parentSpanId ? among.find((s) => s.spanId === span.parentSpanId) : undefined;
      return parent !== undefined && (parent.spanId === ancestor.spanId || descends(parent, ancestor, among));
    };

    // The client's request: the root of the trace.
    expect(gatewayServer).toMatchObject({ name: 'POST /api/v1/jobs', parentSpanId: undefined });
    expect(gatewayServer?.attributes).toMatchObject({
      'http.route': '/api/v1/jobs',
      'http.response.status_code': 202,
    });
    // The gateway's call to the job-service, answered by the job-service's own request span.
    const jobServiceServer = one('job-service', 'POST /internal/v1/jobs', SPAN_KIND.server);
    const gatewayClient = byId.get(jobServiceServer.parentSpanId as string) as ReceivedSpan;
    expect(gatewayClient).toMatchObject({ service: 'api-gateway', kind: SPAN_KIND.client });
    expect(descends(gatewayClient, gatewayServer as ReceivedSpan)).toBe(true);
    expect(jobServiceServer.attributes['validahub.correlation_id']).toBe(correlationId);
    // The insert, then the dispatcher's publish (from its own loop, parented through the job row).
    expect(
      spans.some(
        (s) =>
          s.service === 'job-service' &&
          s.name.startsWith('pg.query:jobs_insert') &&
          descends(s, jobServiceServer),
      ),
    ).toBe(true);
    const dispatch = one('job-service', 'publish queue-pro', SPAN_KIND.producer);
    expect(descends(dispatch, jobServiceServer)).toBe(true);
    // The worker takes it from the queue, runs it and times its stages.
    const consume = one('csv-worker', 'process queue-pro', SPAN_KIND.consumer);
    expect(consume.parentSpanId).toBe(dispatch.spanId);
    const run = one('csv-worker', 'run validate_csv_job');
    expect(run.parentSpanId).toBe(consume.spanId);
    expect(run.attributes).toMatchObject({
      'validahub.job_id': jobId,
      'validahub.correlation_id': correlationId,
      'validahub.outcome': 'succeeded',
      'validahub.rows': 20,
      'validahub.bytes_read': Buffer.byteLength(catalog),
    });
    for (const stage of ['parse_validate', 'write'])
      expect(one('csv-worker', stage).parentSpanId).toBe(run.spanId);
    // Its report (a short run's start travels with its completion) goes back through the report stream
    // carrying the run's context: the batch that applies it links to the run, and writes the job.
    const applied = spans.filter((s) => s.service === 'job-service' && s.name === 'process job-reports');
    expect(applied.some((s) => s.links.some((l) => l.spanId === run.spanId))).toBe(true);
    const batchSpans = (batch: ReceivedSpan) => receiver.spans.filter((s) => s.traceId === batch.traceId);
    expect(
      applied.some((a) =>
        batchSpans(a).some((s) => s.name.startsWith('pg.query:jobs_write') && descends(s, a, batchSpans(a))),
      ),
    ).toBe(true);

    // Every line logged along the way carries the trace id next to the correlation id, and the tenant.
    // Logs are buffered a few hundred milliseconds: wait for the last lines to be written.
    const logLines = () =>
      platform.jsonLogs().then((all) => all.filter((l) => l['correlation_id'] === correlationId));
    const lines = await waitFor(
      logLines,
      (found) =>
        found.some((l) => l['msg'] === 'run completed') && found.some((l) => l['msg'] === 'job succeeded'),
      { what: 'the job’s log lines', timeoutMs: 10_000 },
    );
    const logged = (service: string, msg: string) =>
      lines.find((l) => l['service'] === service && l['msg'] === msg);
    expect(logged('api-gateway', 'request')).toMatchObject({
      path: '/api/v1/jobs',
      trace_id: traceId,
      tenant_id: tenantId,
    });
    expect(logged('job-service', 'request')).toMatchObject({
      path: '/internal/v1/jobs',
      trace_id: traceId,
      tenant_id: tenantId,
    });
    expect(logged('csv-worker', 'run completed')).toMatchObject({
      job_id: jobId,
      tenant_id: tenantId,
      trace_id: traceId,
      span_id: run.spanId,
    });
    expect(logged('job-service', 'job succeeded')).toMatchObject({
      job_id: jobId,
      tenant_id: tenantId,
      trace_id: traceId,
    });
  });

  it('serves /metrics on every service without credentials, and the figures move when a job runs', async () => {
    const scrape = async (instance: Instance) => {
      const answer = await fetch(`${platform.urlOf(instance)}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/plain');
      return answer.text();
    };
    const before = {
      gateway: await scrape('api-gateway'),
      jobService: await scrape('job-service'),
      worker: await scrape('csv-worker'),
    };
    await runJob(`metrics-${randomUUID()}`);
    const pro = { queue: 'queue-pro', task: 'validate_csv_job', plan: 'pro' };
    const task = { task: 'validate_csv_job' };

    const gateway = await scrape('api-gateway');
    const moved = (was: string, now: string, name: string, labels: Record<string, string>) =>
      metricValue(now, name, labels) - metricValue(was, name, labels);
    expect(
      moved(before.gateway, gateway, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/jobs',
        status_code: '202',
      }),
    ).toBe(1);
    expect(metricValue(gateway, 'process_cpu_seconds_total')).toBeGreaterThan(0);

    // The job-service's gauges are read on scrape and cached for 5 s.
    const jobService = await waitFor(
      () => scrape('job-service'),
      (text) => metricValue(text, 'validahub_jobs', { status: 'succeeded', ...pro }) >= 2,
      { what: 'the succeeded count to include both jobs', timeoutMs: 15_000, intervalMs: 500 },
    );
    const jobServiceMoved = (name: string, labels: Record<string, string>) =>
      moved(before.jobService, jobService, name, labels);
    expect(jobServiceMoved('validahub_job_status_changes_total', { status: 'queued', ...pro })).toBe(1);
    expect(jobServiceMoved('validahub_job_status_changes_total', { status: 'succeeded', ...pro })).toBe(1);
    expect(jobServiceMoved('validahub_job_queue_wait_seconds_count', pro)).toBe(1);
    expect(jobServiceMoved('validahub_job_run_seconds_count', { status: 'succeeded', ...pro })).toBe(1);
    expect(
      jobServiceMoved('http_request_duration_seconds_count', {
        method: 'POST',
        route: '/internal/v1/jobs',
        status_code: '202',
      }),
    ).toBe(1);
    expect(jobService).toMatch(/^validahub_queue_depth\{queue="queue-pro"\} \d+$/m);
    expect(jobService).toMatch(/^validahub_queue_depth\{queue="job-events"\} \d+$/m);
    expect(jobService).toContain('# TYPE validahub_jobs_unfinished gauge');
    expect(jobService).toContain('# TYPE validahub_job_retries_total counter');
    expect(jobService).toContain('# TYPE validahub_job_failures_total counter');

    // Counted just after the worker's last report, which the job-service may apply first.
    const worker = await waitFor(
      () => scrape('csv-worker'),
      (text) =>
        moved(before.worker, text, 'validahub_worker_runs_total', { ...task, outcome: 'succeeded' }) === 1,
      { what: 'the worker to count the run' },
    );
    const workerMoved = (name: string, labels: Record<string, string>) =>
      moved(before.worker, worker, name, labels);
    expect(
      workerMoved('validahub_worker_run_duration_seconds_count', { ...task, outcome: 'succeeded' }),
    ).toBe(1);
    expect(workerMoved('validahub_worker_rows_validated_total', task)).toBe(20);
    expect(workerMoved('validahub_worker_bytes_validated_total', task)).toBe(Buffer.byteLength(catalog));
    for (const stage of ['parse_validate', 'write'])
      expect(workerMoved('validahub_worker_stage_duration_seconds_count', { stage })).toBe(1);
  });
});
