import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

describe('job-service internal API (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenant: { tenant_id: string; api_key: string };

  beforeAll(async () => {
    await js.start();
    tenant = await js.tenant('pro');
  });
  afterAll(() => js.dispose());

  describe('tenants', () => {
    it('creates a tenant whose key resolves; the key is not stored in clear', async () => {
      expect(tenant.api_key).toMatch(/^vh_[A-Za-z0-9_-]{32}$/);
      const resolved = await js.http('POST', '/internal/v1/api-keys/resolve', {
        body: { api_key: tenant.api_key },
      });
      expect(resolved).toMatchObject({ status: 200, body: { tenant_id: tenant.tenant_id, plan: 'pro' } });
      const unknown = await js.http('POST', '/internal/v1/api-keys/resolve', {
        body: { api_key: 'vh_nope' },
      });
      expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    });

    it('rejects an unknown plan, listing the field', async () => {
      const answer = await js.http('POST', '/internal/v1/tenants', { body: { name: '', plan: 'platinum' } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'name',
        'plan',
      ]);
    });
  });

  describe('creating jobs', () => {
    it('answers 202 queued with the seed shape', async () => {
      const input = await js.upload(tenant.tenant_id);
      const answer = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(input),
        headers: { 'x-correlation-id': 'corr-1' },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({
        status: 'queued',
        task: 'validate_csv_job',
        queue: 'queue-pro',
        priority: 5,
        retry_count: 0,
        max_retries: 3,
        correlation_id: 'corr-1',
      });
      expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(answer.body.created_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('lists every bad field in one 400', async () => {
      const answer = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: {
          task: 'explode_csv_job',
          params: { marketplace: 'ebay', category: 'Bad Category!', auto_fix: 'yes' },
          priority: 11,
          surprise: 1,
        },
      });
      expect(answer.status).toBe(400);
      const fields = answer.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(new Set(fields)).toEqual(
        new Set([
          'task',
          'params.input_uri',
          'params.marketplace',
          'params.category',
          'params.auto_fix',
          'priority',
          'surprise',
        ]),
      );
    });

    it('refuses an input that is missing or belongs to another tenant', async () => {
      const other = await js.tenant('free');
      const theirs = await js.upload(other.tenant_id);
      for (const uri of [theirs, 'local://tenants/x/inputs/none.csv', 's3://bucket/a.csv']) {
        const answer = await js.http('POST', '/internal/v1/jobs', {
          tenantId: tenant.tenant_id,
          body: js.jobBody(uri),
        });
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({
          code: 'INPUT_NOT_FOUND',
          details: { fields: [{ field: 'params.input_uri' }] },
        });
      }
    });

    // Found by fuzzing the OpenAPI document: Postgres refused these (500) after validation let them through.
    it('refuses metadata and tenant names Postgres cannot store: NUL characters, unpaired surrogates', async () => {
      const input = await js.upload(tenant.tenant_id);
      for (const metadata of [
        { note: 'a\u0000b' },
        { 'k\u0000': 1 },
        { note: ['\ud83d'] },
        { 'k\udc00': 1 },
      ]) {
        const answer = await js.http('POST', '/internal/v1/jobs', {
          tenantId: tenant.tenant_id,
          body: js.jobBody(input, { metadata }),
        });
        expect(answer).toMatchObject({
          status: 400,
          body: { error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'metadata' }] } } },
        });
      }
      for (const name of ['Loja\u0000', '\ud800']) {
        const answer = await js.http('POST', '/internal/v1/tenants', { body: { name, plan: 'pro' } });
        expect(answer).toMatchObject({
          status: 400,
          body: { error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'name' }] } } },
        });
      }
      // Accents, emoji and paired surrogates are fine.
      const fine = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(input, { metadata: { loja: 'João 💥', tags: ['ü'] } }),
      });
      expect(fine.status).toBe(202);
    });

    it('answers 404 for an unknown tenant', async () => {
      const answer = await js.http('GET', '/internal/v1/jobs', {
        tenantId: '00000000-0000-4000-8000-000000000000',
      });
      expect(answer).toMatchObject({ status: 404, body: { error: { code: 'TENANT_NOT_FOUND' } } });
    });
  });

  describe('idempotency', () => {
    it('replays the same request as 200 with the same job', async () => {
      const input = await js.upload(tenant.tenant_id);
      const body = js.jobBody(input, { idempotency_key: 'order-42' });
      const first = await js.http('POST', '/internal/v1/jobs', { tenantId: tenant.tenant_id, body });
      const replay = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: { ...body, params: { ...body.params, auto_fix: undefined } },
      });
      expect(first.status).toBe(202);
      expect(replay.status).toBe(200);
      expect(replay.body.id).toBe(first.body.id);
    });

    it('answers 409 when the key comes back with a different body', async () => {
      const input = await js.upload(tenant.tenant_id);
      await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(input, { idempotency_key: 'order-43' }),
      });
      const conflict = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(input, { idempotency_key: 'order-43', task: 'correct_csv_job' }),
      });
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('scopes keys per tenant', async () => {
      const other = await js.tenant('business');
      const mine = await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(await js.upload(tenant.tenant_id), { idempotency_key: 'shared' }),
      });
      const theirs = await js.http('POST', '/internal/v1/jobs', {
        tenantId: other.tenant_id,
        body: js.jobBody(await js.upload(other.tenant_id), { idempotency_key: 'shared' }),
      });
      expect([mine.status, theirs.status]).toEqual([202, 202]);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body.queue).toBe('queue-business');
    });

    it('creates exactly one job from 20 concurrent duplicates', async () => {
      const fresh = await js.tenant('pro');
      const body = js.jobBody(await js.upload(fresh.tenant_id), { idempotency_key: 'burst' });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          js.http('POST', '/internal/v1/jobs', { tenantId: fresh.tenant_id, body }),
        ),
      );
      expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const list = await js.http('GET', '/internal/v1/jobs', { tenantId: fresh.tenant_id });
      expect(list.body.items).toHaveLength(1);
    });
  });

  describe('reading jobs', () => {
    it('pages through a tenant’s jobs newest first and filters by status', async () => {
      const fresh = await js.tenant('free');
      const input = await js.upload(fresh.tenant_id);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (await js.http('POST', '/internal/v1/jobs', { tenantId: fresh.tenant_id, body: js.jobBody(input) }))
            .body.id,
        );
      await js.http('DELETE', `/internal/v1/jobs/${ids[1]}`, { tenantId: fresh.tenant_id });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; next_cursor: string | null } } = await js.http(
          'GET',
          `/internal/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { tenantId: fresh.tenant_id },
        );
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((j) => j.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());

      const cancelled = await js.http('GET', '/internal/v1/jobs?status=cancelled', {
        tenantId: fresh.tenant_id,
      });
      expect(cancelled.body.items.map((j: { id: string }) => j.id)).toEqual([ids[1]]);
      const bad = await js.http('GET', '/internal/v1/jobs?status=done&limit=1000&cursor=zzz', {
        tenantId: fresh.tenant_id,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'limit',
        'status',
      ]);
      const badCursor = await js.http('GET', '/internal/v1/jobs?cursor=zzz', { tenantId: fresh.tenant_id });
      expect(badCursor.body.error.details.fields[0].field).toBe('cursor');
    });

    // Found by fuzzing the OpenAPI document: these decoded, then Postgres refused the time or the uuid (500).
    it.each([
      ['-271821-04-20T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'],
      ['+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'],
      ['2026-01-01T00:00:00.000Z', '-'.repeat(36)],
      ['2026-01-01T00:00:00.000Z', 'f'.repeat(36)],
      [0, '00000000-0000-4000-8000-000000000000'],
    ])('refuses a forged cursor [%s, %s] with 400', async (createdAt, id) => {
      const cursor = Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
      const answer = await js.http('GET', `/internal/v1/jobs?cursor=${cursor}`, {
        tenantId: tenant.tenant_id,
      });
      expect(answer).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } } },
      });
    });

    it('hides other tenants’ jobs behind 404', async () => {
      const other = await js.tenant('enterprise');
      const job = (
        await js.http('POST', '/internal/v1/jobs', {
          tenantId: other.tenant_id,
          body: js.jobBody(await js.upload(other.tenant_id)),
        })
      ).body;
      for (const [method, path] of [
        ['GET', `/internal/v1/jobs/${job.id}`],
        ['DELETE', `/internal/v1/jobs/${job.id}`],
        ['POST', `/internal/v1/jobs/${job.id}/retry`],
        ['GET', `/internal/v1/jobs/${job.id}/artifacts/report.json`],
        ['GET', '/internal/v1/jobs/not-a-uuid'],
      ]) {
        const answer = await js.http(method, path, { tenantId: tenant.tenant_id });
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 404, 'JOB_NOT_FOUND']);
      }
      expect(
        (await js.http('GET', `/internal/v1/jobs/${job.id}`, { tenantId: other.tenant_id })).status,
      ).toBe(200);
    });
  });

  describe('cancel and retry', () => {
    it('cancels a queued job: status, withdrawn message, flag for workers; a second cancel is 409', async () => {
      const input = await js.upload(tenant.tenant_id);
      const job = (
        await js.http('POST', '/internal/v1/jobs', { tenantId: tenant.tenant_id, body: js.jobBody(input) })
      ).body;
      await waitFor(
        () => js.inspector.isPending('queue-pro', `${job.id}.1`),
        (pending) => pending,
        { what: 'dispatch' },
      );
      const cancel = await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId: tenant.tenant_id });
      expect(cancel).toMatchObject({
        status: 200,
        body: { id: job.id, status: 'cancelled', message: 'Job cancelled by user' },
      });
      expect(await js.inspector.isPending('queue-pro', `${job.id}.1`)).toBe(false);
      const again = await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId: tenant.tenant_id });
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'JOB_NOT_CANCELLABLE' } } });
      const after = (await js.http('GET', `/internal/v1/jobs/${job.id}`, { tenantId: tenant.tenant_id }))
        .body;
      expect(after).toMatchObject({ status: 'cancelled' });
      expect(after.finished_at).not.toBeNull();
    });

    it('retries a cancelled job as a new attempt; a queued one is not retryable', async () => {
      const input = await js.upload(tenant.tenant_id);
      const job = (
        await js.http('POST', '/internal/v1/jobs', { tenantId: tenant.tenant_id, body: js.jobBody(input) })
      ).body;
      const notYet = await js.http('POST', `/internal/v1/jobs/${job.id}/retry`, {
        tenantId: tenant.tenant_id,
      });
      expect(notYet).toMatchObject({ status: 409, body: { error: { code: 'JOB_NOT_RETRYABLE' } } });
      await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId: tenant.tenant_id });
      const retried = await js.http('POST', `/internal/v1/jobs/${job.id}/retry`, {
        tenantId: tenant.tenant_id,
      });
      expect(retried).toMatchObject({
        status: 202,
        body: { id: job.id, status: 'queued', attempt: 2, finished_at: null },
      });
      await waitFor(
        () => js.inspector.isPending('queue-pro', `${job.id}.2`),
        (pending) => pending,
        { what: 'dispatch of attempt 2' },
      );
    });
  });

  describe('health', () => {
    it('is live and ready with Postgres and Redis up, and reports queue stats in the seed shape', async () => {
      // A job of its own, so the counts below do not depend on what other tests left.
      await js.http('POST', '/internal/v1/jobs', {
        tenantId: tenant.tenant_id,
        body: js.jobBody(await js.upload(tenant.tenant_id)),
      });
      expect((await js.http('GET', '/health/live')).body).toEqual({ status: 'ok' });
      const ready = await js.http('GET', '/health/ready');
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', database: 'up', queue: 'up' } });
      const stats = await js.http('GET', '/internal/v1/stats/queue');
      expect(stats.body.status).toBe('healthy');
      expect(Object.keys(stats.body.queue_stats).sort()).toEqual([
        'cancelled',
        'failed',
        'queued',
        'retrying',
        'running',
        'succeeded',
        'total_jobs',
      ]);
      expect(stats.body.queue_stats.total_jobs).toBeGreaterThan(0);
      expect(stats.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
        'queue-business',
        'queue-enterprise',
        'queue-free',
        'queue-pro',
      ]);
    });
  });
});
