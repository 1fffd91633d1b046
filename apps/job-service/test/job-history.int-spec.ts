import { readSse, SseMessage, waitFor } from '@validahub/testing';
import { DataSource } from 'typeorm';
import { JobServiceHarness } from './job-service.harness';
import { completedResult as result } from './worker-reports';

describe('job history and live stream (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;

  beforeAll(async () => {
    await js.start();
    tenantId = (await js.tenant('pro')).tenant_id;
  });
  afterAll(() => js.dispose());

  const create = async () =>
    (
      await js.http('POST', '/internal/v1/jobs', {
        tenantId,
        body: js.jobBody(await js.upload(tenantId)),
        headers: { 'x-correlation-id': 'hist-1' },
      })
    ).body;
  const events = async (id: string, after = '0') =>
    (await js.http('GET', `/internal/v1/jobs/${id}/events?after=${after}`, { tenantId })).body;
  const until = (id: string, status: string) =>
    waitFor(
      async () => (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId })).body.status,
      (s) => s === status,
      { what: status },
    );

  it('records the seed’s telemetry events with their context and durations', async () => {
    const job = await create();
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await until(job.id, 'running');
    await js.sendEvent({
      type: 'progress',
      jobId: job.id,
      attempt: 1,
      progress: 50,
      message: 'Processing row 2 of 3',
    });
    await waitFor(
      async () => (await events(job.id)).items.length,
      (n) => n === 3,
      { what: 'progress event' },
    );
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id) });
    await until(job.id, 'succeeded');

    const { items, next_after } = await events(job.id);
    expect(items.map((e: { type: string }) => e.type)).toEqual([
      'job.queued',
      'job.started',
      'job.progress',
      'job.completed',
    ]);
    expect(next_after).toBeNull();
    for (const event of items) {
      expect(event).toMatchObject({
        job_id: job.id,
        tenant_id: tenantId,
        attempt: 1,
        data: { task: 'validate_csv_job', queue: 'queue-pro', correlation_id: 'hist-1' },
      });
      expect(new Date(event.at).getTime()).toBeGreaterThan(0);
    }
    expect(items[2]).toMatchObject({ status: 'running', progress: 50, message: 'Processing row 2 of 3' });
    expect(items[3].data.queue_wait_ms).toEqual(expect.any(Number));
    expect(items[3].data.run_ms).toEqual(expect.any(Number));
    expect((await events(job.id, items[1].id)).items.map((e: { type: string }) => e.type)).toEqual([
      'job.progress',
      'job.completed',
    ]);
  });

  it('ends a failed job’s history with job.failed and the error’s code', async () => {
    const job = await create();
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await until(job.id, 'running');
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 1,
      error: { code: 'INPUT_UNREADABLE', message: 'not a CSV', transient: false },
    });
    await until(job.id, 'failed');
    const { items } = await events(job.id);
    expect(items.map((e: { type: string }) => e.type)).toEqual(['job.queued', 'job.started', 'job.failed']);
    expect(items[2]).toMatchObject({
      job_id: job.id,
      tenant_id: tenantId,
      status: 'failed',
      error_code: 'INPUT_UNREADABLE',
      data: { error: 'not a CSV' },
    });
  });

  it('records retries and cancellations, and hides other tenants’ histories', async () => {
    const job = await create();
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 1,
      error: { code: 'IO_ERROR', message: 'blip', transient: true },
    });
    await until(job.id, 'retrying');
    await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId });
    const { items } = await events(job.id);
    expect(items.map((e: { type: string }) => e.type)).toEqual([
      'job.queued',
      'job.retrying',
      'job.cancelled',
    ]);
    expect(items[1]).toMatchObject({
      error_code: 'IO_ERROR',
      data: { retry_count: 1, error: 'blip', next_attempt_at: expect.any(String) },
    });
    const other = await js.tenant('free');
    expect(
      (await js.http('GET', `/internal/v1/jobs/${job.id}/events`, { tenantId: other.tenant_id })).status,
    ).toBe(404);
  });

  it('streams events live over SSE until the terminal one, and resumes after Last-Event-ID', async () => {
    const job = await create();
    const response = await fetch(`${js.baseUrl}/internal/v1/jobs/${job.id}/stream`, {
      headers: { 'x-tenant-id': tenantId },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const received: SseMessage[] = [];
    const reading = (async () => {
      for await (const message of readSse(response.body as ReadableStream<Uint8Array>))
        received.push(message);
    })();
    await waitFor(
      () => received.length,
      (n) => n === 1,
      { what: 'the history so far' },
    );
    expect(received[0].event).toBe('job.queued');

    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await waitFor(
      () => received.length,
      (n) => n === 2,
      { what: 'the live start' },
    );
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id) });
    await reading; // the server ends the stream after the terminal event
    expect(received.map((m) => m.event)).toEqual(['job.queued', 'job.started', 'job.completed']);
    expect(JSON.parse(received[2].data)).toMatchObject({
      job_id: job.id,
      tenant_id: tenantId,
      type: 'job.completed',
      status: 'succeeded',
      progress: 100,
    });

    const resumed = await fetch(`${js.baseUrl}/internal/v1/jobs/${job.id}/stream`, {
      headers: { 'x-tenant-id': tenantId, 'last-event-id': received[0].id ?? '' },
    });
    const replay: SseMessage[] = [];
    for await (const message of readSse(resumed.body as ReadableStream<Uint8Array>)) replay.push(message);
    expect(replay.map((m) => m.event)).toEqual(['job.started', 'job.completed']);
  });

  it('streams from any replica: a change applied by one wakes the stream served by another (polling off)', async () => {
    // The other replica would notice the change only by the shared channel: its own re-reading is an hour away.
    const other = await js.replica({ STREAM_POLL_INTERVAL_MS: '3600000' });
    try {
      const job = await js.http('POST', '/internal/v1/jobs', {
        tenantId,
        body: js.jobBody(await js.upload(tenantId)),
      });
      const stream = await fetch(`${other.baseUrl}/internal/v1/jobs/${job.body.id}/stream`, {
        headers: { 'x-tenant-id': tenantId },
      });
      const received: SseMessage[] = [];
      const reading = (async () => {
        for await (const message of readSse(stream.body as ReadableStream<Uint8Array>))
          received.push(message);
      })();
      await waitFor(
        () => received.length,
        (n) => n === 1,
        { what: 'the history so far' },
      );
      expect((await js.http('DELETE', `/internal/v1/jobs/${job.body.id}`, { tenantId })).status).toBe(200);
      await reading;
      expect(received.map((m) => m.event)).toEqual(['job.queued', 'job.cancelled']);
    } finally {
      await other.close();
    }
  });

  it('keeps status counts for the queue health without counting rows', async () => {
    const db = js.app.get(DataSource);
    const query = jest.spyOn(db, 'query');
    const stats = (await js.http('GET', '/internal/v1/stats/queue')).body.queue_stats;
    // Fast with millions of jobs: the statistics never read the jobs table itself.
    const statements = query.mock.calls.map(([sql]) => sql);
    query.mockRestore();
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((sql) => /\bjobs\b/i.test(sql))).toEqual([]);
    // …and the counters agree exactly with a count of the rows.
    const counted: { status: string; n: string }[] = await db.query(
      'SELECT status, count(*) AS n FROM jobs GROUP BY status',
    );
    const byStatus = Object.fromEntries(counted.map((r) => [r.status.toLowerCase(), Number(r.n)]));
    for (const status of ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'])
      expect([status, stats[status]]).toEqual([status, byStatus[status] ?? 0]);
    expect(stats.total_jobs).toBe(counted.reduce((sum, r) => sum + Number(r.n), 0));
    expect(stats.cancelled).toBeGreaterThanOrEqual(1);
  });
});
