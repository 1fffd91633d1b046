import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HistoryEntry, JobPatch, JobStatus } from '@validahub/job-domain';
import { JobResult } from '@validahub/job-contracts';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import { JOB_COLUMNS, JobRow, RawJobRow, toJobRow } from './job-row';

export interface ListCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/** A job to create: everything but what the database fills in. */
export type NewJob = Omit<
  JobRow,
  | 'queueJobId'
  | 'dispatchedAt'
  | 'redispatches'
  | 'updatedAt'
  | 'version'
  | 'result'
  | 'resultRef'
  | 'usage'
  | 'error'
  | 'errorCode'
>;

/** A change computed by the lifecycle rules from `row`, to be written only if the row is still as it was read. */
export interface JobChange {
  readonly row: JobRow;
  readonly patch: JobPatch<JobResult>;
  readonly history: readonly HistoryEntry[];
}

/** How the dispatcher shares each plan's queue among tenants (see `claimDue`). */
export interface DispatchFairness {
  /** Per queue: runs one tenant may have in flight (in the queue or running). */
  readonly caps: Readonly<Record<string, number>>;
  /** Runs a queue may hold waiting for a worker. */
  readonly queueDepth: number;
}

/** Advisory lock class of the dispatcher's claim (one lock for all; tenant-lock.ts holds the other classes). */
const DISPATCH_LOCK = 3;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

// Named statements (`jobs_<key>`, also their span names): Postgres parses each once per connection, not per call.
const statements = {
  insert: `
    WITH job AS (
      INSERT INTO jobs (id, user_id, task_name, status, queue, priority, progress, message, idempotency_key,
        request_hash, correlation_id, trace_context, metadata, params_json, retry_count, max_retries, attempt,
        dispatched_attempt, created_at, updated_at, started_at, finished_at, heartbeat_at, next_attempt_at,
        depends_on)
      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, $15, $16, $17,
        $18, $19, $19, NULL, NULL, NULL, NULL, $25::uuid[]
      -- The input must be one of the tenant's registered uploads ($23 skips that, for an upload stored before
      -- the uploads table), then the queued-jobs quota (migration …-unfinished-jobs-admission) raises VH429
      -- when the tenant is full. CASE: the quota is asked only for an admissible input.
      WHERE CASE WHEN $23 OR EXISTS (SELECT 1 FROM uploads WHERE key = $24 AND tenant_id = $2)
        THEN admit_unfinished_job($2, $22) ELSE false END
      ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING ${JOB_COLUMNS}
    ), history AS (
      INSERT INTO job_events (job_id, tenant_id, type, attempt, status, progress, message, error_code, data, at)
      SELECT id, user_id, $20, attempt, status, progress, message, error_code, $21::jsonb, $19 FROM job
    )
    SELECT * FROM job`,
  byId: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`,
  byIds: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ANY($1::uuid[])`,
  forTenant: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1 AND user_id = $2`,
  byIdempotencyKey: `SELECT ${JOB_COLUMNS} FROM jobs WHERE user_id = $1 AND idempotency_key = $2`,
  list: `
    SELECT ${JOB_COLUMNS} FROM jobs
    WHERE user_id = $1 AND ($2::varchar IS NULL OR status = $2)
      AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
    ORDER BY created_at DESC, id DESC LIMIT $5`,
  // Every lifecycle column of each changed job, from arrays, if its version is still the one read; then its
  // history, for the jobs actually changed, in order. One statement: all of it or none.
  write: `
    WITH changed AS (
      UPDATE jobs j SET status = c.status, attempt = c.attempt, retry_count = c.retry_count,
        progress = c.progress, message = c.message, error = c.error, error_code = c.error_code,
        result = c.result::jsonb, result_ref = c.result_ref, usage_cpu_ms = c.usage_cpu_ms,
        usage_rows = c.usage_rows, usage_bytes_read = c.usage_bytes_read,
        usage_bytes_written = c.usage_bytes_written, trace_context = c.trace_context::jsonb,
        started_at = c.started_at, finished_at = c.finished_at, heartbeat_at = c.heartbeat_at,
        next_attempt_at = c.next_attempt_at, version = j.version + 1, updated_at = now()
      FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::float8[], $7::text[],
        $8::text[], $9::varchar[], $10::text[], $11::text[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
        $16::text[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::timestamptz[])
        AS c(id, version, status, attempt, retry_count, progress, message, error, error_code, result,
          result_ref, usage_cpu_ms, usage_rows, usage_bytes_read, usage_bytes_written, trace_context,
          started_at, finished_at, heartbeat_at, next_attempt_at)
      WHERE j.id = c.id AND j.version = c.version
      RETURNING j.*
    ), history AS (
      INSERT INTO job_events (job_id, tenant_id, type, attempt, status, progress, message, error_code, data, at)
      SELECT h.job_id, h.tenant_id, h.type, h.attempt, h.status, h.progress, h.message, h.error_code,
        h.data::jsonb, h.at
      FROM unnest($21::uuid[], $22::uuid[], $23::varchar[], $24::int[], $25::varchar[], $26::float8[],
        $27::text[], $28::varchar[], $29::text[], $30::timestamptz[]) WITH ORDINALITY
        AS h(job_id, tenant_id, type, attempt, status, progress, message, error_code, data, at, position)
      WHERE h.job_id IN (SELECT id FROM changed)
      ORDER BY h.position
    )
    SELECT ${JOB_COLUMNS} FROM changed`,
  // The due jobs to hand to the workers now, marked dispatched; run message ids are `<id>.<attempt>`
  // (runJobMessageId). Fair inside a plan: each due job gets a turn, its tenant's runs already in flight
  // (in the queue or running) plus its rank among the tenant's due jobs, and jobs are taken turn by turn
  // (round-robin over tenants; a tenant's own jobs by priority, then age), up to the tenant's cap on runs in
  // flight ($3, per queue $2) and as many as the plan's queue has room for ($4 runs waiting at most). So the
  // queue never holds one tenant's flood ahead of another's next job. Run under the dispatch lock (see
  // dispatchDue): the counts are exact, no SKIP LOCKED needed; the UPDATE re-checks each row it waited for.
  claimDue: `
    WITH settings AS (
      SELECT * FROM unnest($2::varchar[], $3::int[]) AS s(queue, cap)
    ), in_flight AS (
      SELECT user_id, queue, count(*)::int AS held, count(*) FILTER (WHERE status <> 'RUNNING')::int AS waiting
      FROM jobs
      WHERE status = 'RUNNING' OR (status IN ('QUEUED', 'RETRYING') AND dispatched_attempt = attempt)
      GROUP BY user_id, queue
    ), queue_room AS (
      SELECT s.queue, s.cap, $4::int - COALESCE((SELECT sum(f.waiting) FROM in_flight f WHERE f.queue = s.queue), 0)
        AS room
      FROM settings s
    ), due AS (
      SELECT j.id, j.queue, j.priority, j.created_at, COALESCE(f.held, 0)
        + row_number() OVER (PARTITION BY j.user_id, j.queue ORDER BY j.priority DESC, j.created_at, j.id) AS turn
      FROM jobs j LEFT JOIN in_flight f ON f.user_id = j.user_id AND f.queue = j.queue
      WHERE j.status IN ('QUEUED', 'RETRYING') AND j.dispatched_attempt < j.attempt
        AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= now())
        AND (j.depends_on IS NULL OR NOT EXISTS (
          SELECT 1 FROM jobs p WHERE p.id = ANY(j.depends_on) AND p.status <> 'SUCCEEDED'))
    ), placed AS (
      SELECT d.id, d.turn, d.priority, d.created_at, q.room,
        row_number() OVER (PARTITION BY d.queue ORDER BY d.turn, d.priority DESC, d.created_at, d.id) AS place
      FROM due d JOIN queue_room q ON q.queue = d.queue
      WHERE d.turn <= q.cap
    ), picked AS (
      SELECT id AS picked_id, turn FROM placed WHERE place <= room
      ORDER BY turn, priority DESC, created_at LIMIT $1
    )
    UPDATE jobs SET dispatched_attempt = attempt, dispatched_at = now(), queue_job_id = id::text || '.' || attempt
    FROM picked
    WHERE jobs.id = picked.picked_id AND jobs.status IN ('QUEUED', 'RETRYING')
      AND jobs.dispatched_attempt < jobs.attempt
    RETURNING ${JOB_COLUMNS}, picked.turn`,
  // Gives back claims whose publishing failed, unless something else changed the dispatch meanwhile.
  unclaim: `
    UPDATE jobs SET dispatched_attempt = d.attempt - 1
    FROM unnest($1::uuid[], $2::int[]) AS d(id, attempt)
    WHERE jobs.id = d.id AND jobs.attempt = d.attempt AND jobs.dispatched_attempt = d.attempt`,
  quiet: `
    SELECT ${JOB_COLUMNS} FROM jobs
    WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')
      AND ((status = 'RUNNING' AND COALESCE(heartbeat_at, started_at, updated_at) < now() - make_interval(secs => $1))
        OR (status IN ('QUEUED', 'RETRYING') AND dispatched_attempt = attempt
          AND dispatched_at < now() - make_interval(secs => $1)))
      AND ($3::uuid IS NULL OR id > $3)
    ORDER BY id LIMIT $2`,
  markUndispatched: `
    UPDATE jobs SET dispatched_attempt = $2 - 1, redispatches = redispatches + 1, updated_at = now()
    WHERE id = $1 AND attempt = $2 AND dispatched_attempt = $2 AND status IN ('QUEUED', 'RETRYING')`,
  // Per queue: due jobs not in the queue yet that their tenant's cap would let a worker take (kept back by the
  // queue depth only); with the queue's own depth, what the autoscaler sizes the workers on.
  heldBack: `
    WITH settings AS (
      SELECT * FROM unnest($1::varchar[], $2::int[]) AS s(queue, cap)
    ), in_flight AS (
      SELECT user_id, queue, count(*)::int AS held FROM jobs
      WHERE status = 'RUNNING' OR (status IN ('QUEUED', 'RETRYING') AND dispatched_attempt = attempt)
      GROUP BY user_id, queue
    ), due AS (
      SELECT user_id, queue, count(*)::int AS due FROM jobs
      WHERE status IN ('QUEUED', 'RETRYING') AND dispatched_attempt < attempt
        AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        AND (depends_on IS NULL OR NOT EXISTS (
          SELECT 1 FROM jobs p WHERE p.id = ANY(jobs.depends_on) AND p.status <> 'SUCCEEDED'))
      GROUP BY user_id, queue
    )
    SELECT s.queue, COALESCE(sum(LEAST(d.due, GREATEST(s.cap - COALESCE(f.held, 0), 0))), 0)::int AS held_back
    FROM settings s
      LEFT JOIN due d ON d.queue = s.queue
      LEFT JOIN in_flight f ON f.user_id = d.user_id AND f.queue = d.queue
    GROUP BY s.queue`,
  // Queued jobs that can never run: a dependency failed or was cancelled (the first such, for the message).
  blocked: `
    SELECT j.id, j.user_id AS tenant_id, p.id AS dependency_id, p.status AS dependency_status
    FROM jobs j CROSS JOIN LATERAL (
      SELECT id, status FROM jobs WHERE id = ANY(j.depends_on) AND status IN ('FAILED', 'CANCELLED') LIMIT 1
    ) p
    WHERE j.status = 'QUEUED' AND j.depends_on IS NOT NULL
    LIMIT $1`,
  // Which of these ids are jobs of the tenant, with what they need to be a dependency or an input.
  owned: `SELECT id, status, result FROM jobs WHERE id = ANY($1::uuid[]) AND user_id = $2`,
  // Of a job's dependencies, those that have not succeeded yet.
  waitingFor: `SELECT id FROM jobs WHERE id = ANY($1::uuid[]) AND status <> 'SUCCEEDED' ORDER BY id`,
  countUnfinished: `
    SELECT status, queue, task_name AS task, count(*)::int AS count FROM jobs
    WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING') GROUP BY status, queue, task_name`,
} as const;

type StatementName = keyof typeof statements;

/**
 * All SQL about jobs, on the pg pool TypeORM opened (TypeORM keeps the migrations; the hot path is plain
 * prepared statements). A job's lifecycle changes only through `write`, a compare-and-set on `version`
 * that writes the rules' patch and the history it adds together.
 */
@Injectable()
export class JobRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get pool(): Pool {
    return (this.db.driver as unknown as { master: Pool }).master;
  }

  private async rows(name: StatementName, values: unknown[], client?: PoolClient): Promise<JobRow[]> {
    const query: QueryConfig = { name: `jobs_${name}`, text: statements[name], values };
    const result = await (client ?? this.pool).query<RawJobRow>(query);
    return result.rows.map(toJobRow);
  }

  /**
   * Creates the job and its `job.queued` entry in one statement, unless the tenant already has a job with
   * this idempotency key (then null): the unique index decides, so concurrent duplicates create one job.
   * The same statement admits it under the tenant's queued-jobs quota, `maxUnfinished` (see
   * QueuedJobsQuota), or fails with the quota's refusal.
   */
  async insertIfAbsent(
    job: NewJob,
    queued: HistoryEntry,
    admission: {
      readonly maxUnfinished: number;
      /** The upload the job reads: it must be registered to the tenant, unless `inputChecked`. */
      readonly inputKey: string;
      /** The input was found otherwise (an upload stored before the uploads table). */
      readonly inputChecked: boolean;
    },
  ): Promise<JobRow | null> {
    const [row] = await this.rows('insert', [
      job.id,
      job.tenantId,
      job.taskName,
      job.status,
      job.queue,
      job.priority,
      job.progress,
      job.message,
      job.idempotencyKey,
      job.requestHash,
      job.correlationId,
      json(job.traceContext),
      json(job.metadata),
      json(job.params),
      job.retryCount,
      job.maxRetries,
      job.attempt,
      job.dispatchedAttempt,
      job.createdAt,
      queued.type,
      json(queued.data),
      admission.maxUnfinished,
      admission.inputChecked,
      admission.inputKey,
      job.dependsOn,
    ]);
    return row ?? null;
  }

  async findById(id: string): Promise<JobRow | null> {
    return (await this.rows('byId', [id]))[0] ?? null;
  }

  findByIds(ids: readonly string[]): Promise<JobRow[]> {
    return this.rows('byIds', [ids]);
  }

  async findForTenant(tenantId: string, id: string): Promise<JobRow | null> {
    return (await this.rows('forTenant', [id, tenantId]))[0] ?? null;
  }

  async findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<JobRow | null> {
    return (await this.rows('byIdempotencyKey', [tenantId, idempotencyKey]))[0] ?? null;
  }

  /** A tenant's jobs, newest first, after `cursor` (keyset pagination: stable under concurrent inserts). */
  list(
    tenantId: string,
    options: { status?: JobStatus; limit: number; cursor?: ListCursor },
  ): Promise<JobRow[]> {
    return this.rows('list', [
      tenantId,
      options.status ?? null,
      options.cursor?.createdAt ?? null,
      options.cursor?.id ?? null,
      options.limit,
    ]);
  }

  /**
   * Writes the changes whose rows are still at the version they were read at, each with its history, in one
   * statement; returns the rows as written. A change whose job moved on meanwhile is not in the result: the
   * caller reads it again and decides again.
   */
  async write(changes: readonly JobChange[]): Promise<JobRow[]> {
    if (changes.length === 0) return [];
    const merged = changes.map(({ row, patch }) => ({ ...row, ...patch }));
    const history = changes.flatMap((c) => c.history);
    const column = <T>(pick: (job: (typeof merged)[number]) => T) => merged.map(pick);
    const entries = <T>(pick: (entry: HistoryEntry) => T) => history.map(pick);
    return this.rows('write', [
      column((j) => j.id),
      changes.map((c) => c.row.version),
      column((j) => j.status),
      column((j) => j.attempt),
      column((j) => j.retryCount),
      column((j) => j.progress),
      column((j) => j.message),
      column((j) => j.error),
      column((j) => j.errorCode),
      column((j) => json(j.result)),
      column((j) => j.resultRef),
      column((j) => j.usage?.cpuMs ?? null),
      column((j) => j.usage?.rows ?? null),
      column((j) => j.usage?.bytesRead ?? null),
      column((j) => j.usage?.bytesWritten ?? null),
      column((j) => json(j.traceContext)),
      column((j) => j.startedAt),
      column((j) => j.finishedAt),
      column((j) => j.heartbeatAt),
      column((j) => j.nextAttemptAt),
      entries((e) => e.jobId),
      entries((e) => e.tenantId),
      entries((e) => e.type),
      entries((e) => e.attempt),
      entries((e) => e.status),
      entries((e) => e.progress),
      entries((e) => e.message),
      entries((e) => e.errorCode),
      entries((e) => json(e.data)),
      entries((e) => e.at),
    ]);
  }

  /**
   * Claims up to `limit` due jobs (marks them dispatched, in one statement) and hands them to `publish`; if
   * that fails, the claims are given back, to be published on a later pass (the queue dedupes by message id).
   * A crash between the claim and the publishing leaves jobs marked but not in the queue: the reconciler
   * finds them once they are a lease old and makes them due again. Returns how many were claimed.
   */
  async dispatchDue(
    limit: number,
    fairness: DispatchFairness,
    publish: (jobs: JobRow[]) => Promise<void>,
  ): Promise<number> {
    const claimed = await this.claimDue(limit, fairness);
    if (claimed.length === 0) return 0;
    try {
      await publish(claimed);
    } catch (error) {
      await this.pool.query({
        name: 'jobs_unclaim',
        text: statements.unclaim,
        values: [claimed.map((j) => j.id), claimed.map((j) => j.attempt)],
      });
      throw error;
    }
    return claimed.length;
  }

  /**
   * The claim, in turn order, in a transaction of its own behind the dispatch lock: replicas claim one after
   * another, and each claim (a statement after the lock) sees what the previous one committed, so the caps
   * hold across replicas.
   */
  private async claimDue(limit: number, fairness: DispatchFairness): Promise<JobRow[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection cut while checked out emits 'error' on the client (the pool listens only to idle ones):
    // without a listener that would crash the process; the query in flight fails on its own.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query({
        name: 'jobs_dispatchLock',
        text: 'SELECT pg_advisory_xact_lock($1, 0)',
        values: [DISPATCH_LOCK],
      });
      const queues = Object.keys(fairness.caps);
      const result = await client.query<RawJobRow & { turn: string }>({
        name: 'jobs_claimDue',
        text: statements.claimDue,
        values: [limit, queues, queues.map((q) => fairness.caps[q]), fairness.queueDepth],
      });
      await client.query('COMMIT');
      return result.rows.sort((a, b) => Number(a.turn) - Number(b.turn)).map(toJobRow);
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is dropped rather than handed to the next caller.
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Up to `limit` unfinished jobs that went quiet (running without a heartbeat, or dispatched but never
   * started), in id order after `afterId`: callers walk them all page by page, however many there are,
   * instead of seeing the same first page every time.
   */
  findQuiet(olderThanMs: number, limit: number, afterId?: string): Promise<JobRow[]> {
    return this.rows('quiet', [olderThanMs / 1000, limit, afterId ?? null]);
  }

  /** Makes a dispatched-but-lost attempt eligible for dispatch again. */
  async markUndispatched(id: string, attempt: number): Promise<boolean> {
    const result = await this.pool.query({
      name: 'jobs_markUndispatched',
      text: statements.markUndispatched,
      values: [id, attempt],
    });
    return (result.rowCount ?? 0) > 0;
  }

  /** Per queue, due runs the dispatcher keeps out of the queue only for its depth (see `heldBack`). */
  async heldBack(caps: Readonly<Record<string, number>>): Promise<Record<string, number>> {
    const queues = Object.keys(caps);
    const result = await this.pool.query<{ queue: string; held_back: number }>({
      name: 'jobs_heldBack',
      text: statements.heldBack,
      values: [queues, queues.map((q) => caps[q])],
    });
    return Object.fromEntries(result.rows.map((r) => [r.queue, r.held_back]));
  }

  /** Up to `limit` queued jobs waiting on a dependency that failed or was cancelled. */
  async blocked(
    limit: number,
  ): Promise<{ id: string; tenant_id: string; dependency_id: string; dependency_status: JobStatus }[]> {
    const result = await this.pool.query({ name: 'jobs_blocked', text: statements.blocked, values: [limit] });
    return result.rows;
  }

  /** Those of `ids` that are the tenant's jobs (someone else's look like unknown ones). */
  async owned(
    tenantId: string,
    ids: readonly string[],
  ): Promise<{ id: string; status: JobStatus; result: JobResult | null }[]> {
    const result = await this.pool.query({
      name: 'jobs_owned',
      text: statements.owned,
      values: [ids, tenantId],
    });
    return result.rows;
  }

  /** Of `ids`, those not succeeded (yet), in id order. */
  async waitingFor(ids: readonly string[]): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>({
      name: 'jobs_waitingFor',
      text: statements.waitingFor,
      values: [ids],
    });
    return result.rows.map((r) => r.id);
  }

  /** Unfinished jobs by status, queue and task (read through the partial index `jobs_unfinished_by_id`). */
  async countUnfinished(): Promise<{ status: JobStatus; queue: string; task: string; count: number }[]> {
    const result = await this.pool.query<{ status: JobStatus; queue: string; task: string; count: number }>({
      name: 'jobs_countUnfinished',
      text: statements.countUnfinished,
    });
    return result.rows;
  }
}
