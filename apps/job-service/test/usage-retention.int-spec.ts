import { Readable } from 'node:stream';
import { Client } from 'pg';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';
import { completedResult as result } from './worker-reports';

describe('usage and cost, retention (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let db: Client;
  let tenantId: string;

  beforeAll(async () => {
    await js.start({
      PRICE_PER_JOB: '0.10',
      PRICE_PER_1000_ROWS: '0.50',
      PRICE_PER_CPU_SECOND: '0.01',
      PRICE_PER_GB_READ: '1',
      USAGE_CURRENCY: 'BRL',
      JOB_RETENTION_DAYS: '30',
      CLEANUP_BATCH_SIZE: '1',
    });
    db = new Client({ connectionString: await js.databaseUrl() });
    await db.connect();
    tenantId = (await js.tenant('pro')).tenant_id;
  });
  afterAll(async () => {
    await db.end();
    await js.dispose();
  });

  async function finishedJob(rows: number): Promise<string> {
    const job = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id, rows) });
    await waitFor(
      async () => (await js.http('GET', `/internal/v1/jobs/${job.id}`, { tenantId })).body.status,
      (s) => s === 'succeeded',
      { what: 'success' },
    );
    return job.id;
  }

  it('records what each run consumed and bills a period from a configurable price table', async () => {
    const first = await finishedJob(2_000);
    await finishedJob(1_000);
    const cancelled = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await js.http('DELETE', `/internal/v1/jobs/${cancelled.id}`, { tenantId });

    expect((await js.http('GET', `/internal/v1/jobs/${first}`, { tenantId })).body.usage).toEqual({
      cpu_ms: 1500,
      rows: 2000,
      bytes_read: 250_000_000,
      bytes_written: 10,
    });
    const usage = (await js.http('GET', '/internal/v1/usage', { tenantId })).body;
    expect(usage.totals).toEqual({
      jobs: 3,
      succeeded: 2,
      failed: 0,
      cancelled: 1,
      cpu_seconds: 3,
      rows: 3000,
      bytes_read: 500_000_000,
      bytes_written: 20,
    });
    expect(usage.cost).toEqual({
      currency: 'BRL',
      lines: [
        { item: 'jobs', unit: 'per successful job', quantity: 2, unit_price: 0.1, amount: 0.2 },
        { item: 'rows', unit: 'per 1000 rows', quantity: 3, unit_price: 0.5, amount: 1.5 },
        { item: 'cpu', unit: 'per CPU second', quantity: 3, unit_price: 0.01, amount: 0.03 },
        { item: 'data', unit: 'per GB of input', quantity: 0.5, unit_price: 1, amount: 0.5 },
      ],
      total: 2.23,
    });
    const past = (
      await js.http('GET', '/internal/v1/usage?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z', {
        tenantId,
      })
    ).body;
    expect(past.totals.jobs).toBe(0);
    expect(past.cost.total).toBe(0);
    const other = await js.tenant('free');
    expect((await js.http('GET', '/internal/v1/usage', { tenantId: other.tenant_id })).body.totals.jobs).toBe(
      0,
    );
    const bad = await js.http('GET', '/internal/v1/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', {
      tenantId,
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('bills any period as summing its jobs would: whole hours from the hourly sums, the ends from the jobs', async () => {
    const tenant = (await js.tenant('business')).tenant_id;
    const finish = async (rows: number, at: string) => {
      const job = (
        await js.http('POST', '/internal/v1/jobs', {
          tenantId: tenant,
          body: js.jobBody(await js.upload(tenant)),
        })
      ).body;
      await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: result(job.id, rows) });
      await waitFor(
        async () => (await js.http('GET', `/internal/v1/jobs/${job.id}`, { tenantId: tenant })).body.status,
        (status) => status === 'succeeded',
        { what: 'success' },
      );
      // As if it had finished then (the hourly sums follow the change); later than today, so that the
      // retention test of this file leaves these alone.
      await db.query('UPDATE jobs SET finished_at = $2, started_at = $2 WHERE id = $1', [job.id, at]);
      return job.id;
    };
    await finish(100, '2027-03-01T09:59:59.999Z');
    await finish(200, '2027-03-01T10:00:00.000Z');
    await finish(300, '2027-03-01T10:30:00.000Z');
    await finish(400, '2027-03-01T12:15:00.000Z');
    const moved = await finish(500, '2027-03-01T13:00:00.000Z');
    // A cancelled one in the middle, and one that finished and was re-queued (it leaves its hour).
    const cancelled = (
      await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant,
        body: js.jobBody(await js.upload(tenant)),
      })
    ).body;
    await js.http('DELETE', `/internal/v1/jobs/${cancelled.id}`, { tenantId: tenant });
    await db.query('UPDATE jobs SET finished_at = $2 WHERE id = $1', [cancelled.id, '2027-03-01T11:05:00Z']);
    await db.query(`UPDATE jobs SET status = 'QUEUED', finished_at = NULL WHERE id = $1`, [moved]);

    const direct = async (from: string, to: string) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS jobs, count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS succeeded,
           count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled, coalesce(sum(usage_rows), 0)::int AS rows
         FROM jobs WHERE user_id = $1 AND finished_at >= $2 AND finished_at < $3`,
        [tenant, from, to],
      );
      return rows[0];
    };
    const periods = [
      ['2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z'],
      ['2027-03-01T09:59:59.999Z', '2027-03-01T10:00:00Z'],
      ['2027-03-01T09:30:00Z', '2027-03-01T12:20:00Z'],
      ['2027-03-01T10:00:00Z', '2027-03-01T12:00:00Z'],
      ['2027-03-01T10:00:00.001Z', '2027-03-01T11:59:59Z'],
      ['2027-03-01T10:15:00Z', '2027-03-01T10:45:00Z'],
      ['2027-03-01T12:00:00Z', '2027-03-01T14:00:00Z'],
    ];
    for (const [from, to] of periods) {
      const { totals } = (
        await js.http('GET', `/internal/v1/usage?from=${from}&to=${to}`, { tenantId: tenant })
      ).body;
      const expected = await direct(from, to);
      expect({ period: [from, to], ...totals }).toMatchObject({ period: [from, to], ...expected });
    }
    expect((await direct('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z')).jobs).toBe(5);
  });

  it('deletes finished jobs past retention with their events and artifacts, in batches, and reports it', async () => {
    const old = [await finishedJob(10), await finishedJob(10)];
    const recent = await finishedJob(10);
    const running = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body.id;
    for (const id of [...old, recent])
      await js.storage.put(
        `tenants/${tenantId}/jobs/${id}/attempt-1-abcd/report.json`,
        Readable.from(['{}']),
      );
    await db.query(
      `UPDATE jobs SET finished_at = now() - interval '31 days', created_at = created_at - interval '31 days' WHERE id = ANY($1)`,
      [old],
    );
    const before = (await js.http('GET', '/internal/v1/stats/queue')).body.queue_stats;

    const report = (await js.http('POST', '/internal/v1/maintenance/cleanup')).body;
    // CLEANUP_BATCH_SIZE=1: one short transaction per job, not one for the whole sweep.
    expect(report).toMatchObject({ jobs_deleted: 2, artifact_folders_deleted: 2, batches: 2 });
    expect(report.events_deleted).toBeGreaterThanOrEqual(4); // queued + completed per job
    for (const id of old) {
      expect((await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId })).status).toBe(404);
      expect(await js.storage.stat(`tenants/${tenantId}/jobs/${id}/attempt-1-abcd/report.json`)).toBeNull();
    }
    expect(
      (await db.query('SELECT count(*)::int AS n FROM job_events WHERE job_id = ANY($1)', [old])).rows[0].n,
    ).toBe(0);
    expect((await js.http('GET', `/internal/v1/jobs/${recent}`, { tenantId })).status).toBe(200);
    expect((await js.http('GET', `/internal/v1/jobs/${running}`, { tenantId })).status).toBe(200);
    expect(
      await js.storage.stat(`tenants/${tenantId}/jobs/${recent}/attempt-1-abcd/report.json`),
    ).not.toBeNull();
    const after = (await js.http('GET', '/internal/v1/stats/queue')).body.queue_stats;
    expect(after.succeeded).toBe(before.succeeded - 2);
    expect((await js.http('POST', '/internal/v1/maintenance/cleanup')).body).toMatchObject({
      jobs_deleted: 0,
      batches: 0,
    });
  });
});
