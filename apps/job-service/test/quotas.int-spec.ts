import { createHash, randomUUID } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { objectKeys } from '@validahub/storage';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('quotas: queued jobs and uploads, input retention (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let db: Client;

  beforeAll(async () => {
    await js.start({
      MAX_QUEUED_JOBS_FREE: '5',
      UPLOAD_BYTES_PER_DAY_FREE: '1000',
      STORAGE_BYTES_FREE: '1500',
      INPUT_RETENTION_DAYS: '2',
      CLEANUP_BATCH_SIZE: '2',
      // No dispatch: created jobs stay queued, so the count only moves when a test moves it.
      DISPATCH_INTERVAL_MS: '3600000',
    });
    db = new Client({ connectionString: await js.databaseUrl() });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await js.dispose();
  });

  const create = (tenantId: string, body: unknown) =>
    js.http('POST', '/internal/v1/jobs', { tenantId, body });
  const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort();

  describe('queued jobs', () => {
    it('accepts exactly the limit out of concurrent creates of one tenant, and no more', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const input = await js.upload(tenantId);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => create(tenantId, js.jobBody(input))),
      );
      expect(statuses(answers)).toEqual([...Array(5).fill(202), ...Array(15).fill(429)]);
      const refused = answers.find((a) => a.status === 429);
      expect(refused?.body.error).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        details: { quota: 'queued_jobs', limit: 5, queued: 5 },
      });
      expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
      const listed = await js.http('GET', '/internal/v1/jobs?limit=100', { tenantId });
      expect(listed.body.items).toHaveLength(5);
      // Another tenant on the same plan has its own count.
      const other = (await js.tenant('free')).tenant_id;
      expect((await create(other, js.jobBody(await js.upload(other)))).status).toBe(202);
    });

    it('decides one tenant’s creates one after another: a create waits for one being committed', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const input = await js.upload(tenantId);
      const jobs = [];
      for (let i = 0; i < 4; i++) jobs.push((await create(tenantId, js.jobBody(input))).body);
      // Another creator holds the tenant's quota lock and has inserted the fifth job, not yet committed.
      const other = new Client({ connectionString: await js.databaseUrl() });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT admit_unfinished_job($1, 5)', [tenantId]);
        await other.query('CREATE TEMP TABLE fifth ON COMMIT DROP AS SELECT * FROM jobs WHERE id = $1', [
          jobs[0].id,
        ]);
        await other.query('UPDATE fifth SET id = gen_random_uuid()');
        await other.query('INSERT INTO jobs SELECT * FROM fifth');
        const sixth = create(tenantId, js.jobBody(input));
        // The create waits for that lock (it would otherwise count four and get in)…
        await waitFor(
          async () =>
            (
              await db.query(
                `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
              )
            ).rows[0].n,
          (waiting) => waiting > 0,
          { what: 'the create to wait for the tenant’s lock' },
        );
        await other.query('COMMIT');
        // …and, once the fifth is committed, finds the tenant full.
        expect(await sixth).toMatchObject({
          status: 429,
          body: { error: { code: 'QUOTA_EXCEEDED', details: { limit: 5, queued: 5 } } },
        });
      } finally {
        await other.end();
      }
      const [{ n }] = (
        await db.query(`SELECT count(*)::int AS n FROM jobs WHERE user_id = $1 AND status = 'QUEUED'`, [
          tenantId,
        ])
      ).rows;
      expect(n).toBe(5);
    });

    it('frees a slot when a job finishes; a retry needs a slot too', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const input = await js.upload(tenantId);
      const jobs = [];
      for (let i = 0; i < 5; i++) jobs.push((await create(tenantId, js.jobBody(input))).body);
      expect((await create(tenantId, js.jobBody(input))).status).toBe(429);
      await js.http('DELETE', `/internal/v1/jobs/${jobs[0].id}`, { tenantId });
      const sixth = await create(tenantId, js.jobBody(input));
      expect(sixth.status).toBe(202);
      // Full again: the cancelled job cannot be re-queued past the limit.
      expect(await js.http('POST', `/internal/v1/jobs/${jobs[0].id}/retry`, { tenantId })).toMatchObject({
        status: 429,
        body: { error: { code: 'QUOTA_EXCEEDED', details: { quota: 'queued_jobs' } } },
      });
      await js.http('DELETE', `/internal/v1/jobs/${jobs[1].id}`, { tenantId });
      expect((await js.http('POST', `/internal/v1/jobs/${jobs[0].id}/retry`, { tenantId })).status).toBe(202);
    });

    it('answers an idempotent replay 200 at the limit, and racing duplicates make one job', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const input = await js.upload(tenantId);
      for (let i = 0; i < 4; i++) await create(tenantId, js.jobBody(input));
      const body = js.jobBody(input, { idempotency_key: 'last-slot' });
      const answers = await Promise.all(Array.from({ length: 8 }, () => create(tenantId, body)));
      expect(statuses(answers)).toEqual([200, 200, 200, 200, 200, 200, 200, 202]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      // At the limit now: a replay is still the job, a new request is refused.
      expect((await create(tenantId, body)).status).toBe(200);
      expect((await create(tenantId, js.jobBody(input, { idempotency_key: 'one-more' }))).status).toBe(429);
    });
  });

  describe('uploads', () => {
    /** An upload as the gateway makes it: the object stored, then registered. */
    async function upload(
      tenantId: string,
      bytes: number,
    ): Promise<{ key: string; uri: string; status: number; body: any }> {
      const content = 'x'.repeat(bytes);
      const stored = await js.storage.put(objectKeys.input(tenantId, randomUUID()), Readable.from([content]));
      const answer = await js.http('POST', '/internal/v1/uploads', {
        tenantId,
        body: { key: stored.key, uri: stored.uri, size: stored.size, sha256: sha(content) },
      });
      return { key: stored.key, uri: stored.uri, status: answer.status, body: answer.body };
    }

    it('gives the room under the tighter quota and refuses what does not fit', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      expect((await js.http('GET', '/internal/v1/uploads/room', { tenantId })).body).toMatchObject({
        room_bytes: 1000,
        quota: 'upload_bytes_per_day',
        limit: 1000,
        used: 0,
      });
      expect((await upload(tenantId, 600)).status).toBe(201);
      const refused = await upload(tenantId, 500);
      expect(refused).toMatchObject({
        status: 429,
        body: {
          error: {
            code: 'QUOTA_EXCEEDED',
            details: { quota: 'upload_bytes_per_day', limit: 1000, used: 600 },
          },
        },
      });
      expect((await upload(tenantId, 400)).status).toBe(201);
      const full = await js.http('GET', '/internal/v1/uploads/room', { tenantId });
      expect(full.status).toBe(429);
      // The day's oldest upload leaves the window in about 24 hours.
      expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);

      // A day later the daily room is back, and storage (1500, 1000 kept) is the tighter quota.
      await db.query(
        `UPDATE uploads SET created_at = created_at - interval '25 hours' WHERE tenant_id = $1`,
        [tenantId],
      );
      expect((await js.http('GET', '/internal/v1/uploads/room', { tenantId })).body).toMatchObject({
        room_bytes: 500,
        quota: 'storage_bytes',
        used: 1000,
      });
    });

    it('lets exactly what fits through when one tenant’s uploads race', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const answers = await Promise.all(Array.from({ length: 10 }, () => upload(tenantId, 300)));
      expect(statuses(answers)).toEqual([...Array(3).fill(201), ...Array(7).fill(429)]);
      const [{ sum }] = (
        await db.query('SELECT sum(size)::int AS sum FROM uploads WHERE tenant_id = $1', [tenantId])
      ).rows;
      expect(sum).toBe(900);
    });

    it('registers only the tenant’s own inputs, and a job may read only a registered (or existing) one', async () => {
      const { tenant_id: tenantId } = await js.tenant('free');
      const other = (await js.tenant('free')).tenant_id;
      const theirs = await upload(other, 10);
      expect(
        await js.http('POST', '/internal/v1/uploads', {
          tenantId,
          body: { key: theirs.key, uri: theirs.uri, size: 10, sha256: sha('x') },
        }),
      ).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
      expect((await create(tenantId, js.jobBody(theirs.uri))).body.error.code).toBe('INPUT_NOT_FOUND');
      const mine = await upload(tenantId, 10);
      expect((await create(tenantId, js.jobBody(mine.uri))).status).toBe(202);
    });

    it('sweeps inputs past the retention, keeps those an unfinished job reads, and removes old orphans', async () => {
      const { tenant_id: tenantId } = await js.tenant('business');
      const old = await Promise.all(Array.from({ length: 5 }, () => upload(tenantId, 10)));
      const fresh = await upload(tenantId, 10);
      const read = old[0];
      const job = (await create(tenantId, js.jobBody(read.uri))).body;
      expect(job.status).toBe('queued');
      await db.query(`UPDATE uploads SET created_at = now() - interval '3 days' WHERE key = ANY($1)`, [
        old.map((u) => u.key),
      ]);
      // Objects without a row: one from a crash between storing and registering, one half-written, both
      // old; and a recent one, which may be an upload being registered right now.
      const orphan = (await js.storage.put(objectKeys.input(tenantId, randomUUID()), Readable.from(['o'])))
        .key;
      const partial = `${objectKeys.input(tenantId, randomUUID())}.partial-${randomUUID()}`;
      await js.storage.put(partial, Readable.from(['p']));
      const recentOrphan = (
        await js.storage.put(objectKeys.input(tenantId, randomUUID()), Readable.from(['r']))
      ).key;
      const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
      for (const key of [orphan, partial])
        await utimes(join(js.storageRoot, key), threeDaysAgo, threeDaysAgo);

      const report = (await js.http('POST', '/internal/v1/maintenance/cleanup')).body;
      expect(report).toMatchObject({ inputs_deleted: 4, orphan_inputs_deleted: 2 });
      const kept = (await db.query('SELECT key FROM uploads WHERE tenant_id = $1', [tenantId])).rows.map(
        (r) => r.key,
      );
      expect(kept.sort()).toEqual([read.key, fresh.key].sort());
      for (const gone of [...old.slice(1).map((u) => u.key), orphan, partial])
        expect(await js.storage.stat(gone)).toBeNull();
      for (const left of [read.key, fresh.key, recentOrphan])
        expect(await js.storage.stat(left)).not.toBeNull();

      // Once its job is finished, the input it read goes too.
      await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId });
      expect((await js.http('POST', '/internal/v1/maintenance/cleanup')).body).toMatchObject({
        inputs_deleted: 1,
      });
      expect(await js.storage.stat(read.key)).toBeNull();
    });
  });
});
