import { JobResult } from '@validahub/job-contracts';
import { JobRecord, JobStatus } from '@validahub/job-domain';

/**
 * A row of `jobs`: the lifecycle fields the rules work on (JobRecord) plus what the request, idempotency and
 * dispatching need. `version` counts lifecycle writes (the compare-and-set of every change).
 */
export interface JobRow extends JobRecord<JobResult> {
  readonly priority: number;
  readonly params: Record<string, unknown>;
  readonly metadata: Record<string, unknown> | null;
  readonly idempotencyKey: string | null;
  /** SHA-256 of the canonical request body, to tell a replay from a conflicting reuse of the key. */
  readonly requestHash: string;
  /** The queue message id of the current attempt (the seed's `celery_task_id`). */
  readonly queueJobId: string | null;
  /** The attempt last handed to the queue: below `attempt` means "still to dispatch". */
  readonly dispatchedAttempt: number;
  readonly dispatchedAt: Date | null;
  /** Times the reconciler re-queued a lost message of the same attempt (two runs of one attempt may exist). */
  readonly redispatches: number;
  readonly updatedAt: Date;
  readonly version: number;
  /** The tenant's jobs this one waits for: it is dispatched once all have succeeded. */
  readonly dependsOn: readonly string[] | null;
}

/** The columns every read selects, in the order `toJobRow` expects them by name. */
export const JOB_COLUMNS = `id, user_id, task_name, status, queue, priority, progress, message, error, error_code,
  result, result_ref, usage_cpu_ms, usage_rows, usage_bytes_read, usage_bytes_written, queue_job_id,
  idempotency_key, request_hash, correlation_id, trace_context, metadata, params_json, retry_count,
  max_retries, attempt, dispatched_attempt, dispatched_at, redispatches, next_attempt_at, heartbeat_at,
  created_at, updated_at, started_at, finished_at, version, depends_on`;

/** What pg hands back for a `jobs` row (bigint as a string: usage figures stay far below 2^53). */
export interface RawJobRow {
  readonly id: string;
  readonly user_id: string;
  readonly task_name: string;
  readonly status: JobStatus;
  readonly queue: string;
  readonly priority: number;
  readonly progress: number;
  readonly message: string | null;
  readonly error: string | null;
  readonly error_code: string | null;
  readonly result: JobResult | null;
  readonly result_ref: string | null;
  readonly usage_cpu_ms: string | null;
  readonly usage_rows: string | null;
  readonly usage_bytes_read: string | null;
  readonly usage_bytes_written: string | null;
  readonly queue_job_id: string | null;
  readonly idempotency_key: string | null;
  readonly request_hash: string;
  readonly correlation_id: string | null;
  readonly trace_context: Record<string, string> | null;
  readonly metadata: Record<string, unknown> | null;
  readonly params_json: Record<string, unknown>;
  readonly retry_count: number;
  readonly max_retries: number;
  readonly attempt: number;
  readonly dispatched_attempt: number;
  readonly dispatched_at: Date | null;
  readonly redispatches: number;
  readonly next_attempt_at: Date | null;
  readonly heartbeat_at: Date | null;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
  readonly version: number;
  readonly depends_on: string[] | null;
}

const bigint = (value: string | null) => (value === null ? null : Number(value));

export function toJobRow(raw: RawJobRow): JobRow {
  return {
    id: raw.id,
    tenantId: raw.user_id,
    taskName: raw.task_name,
    status: raw.status,
    queue: raw.queue,
    priority: raw.priority,
    progress: raw.progress,
    message: raw.message,
    error: raw.error,
    errorCode: raw.error_code,
    result: raw.result,
    resultRef: raw.result_ref,
    usage:
      raw.usage_cpu_ms === null
        ? null
        : {
            cpuMs: Number(raw.usage_cpu_ms),
            rows: bigint(raw.usage_rows) ?? 0,
            bytesRead: bigint(raw.usage_bytes_read) ?? 0,
            bytesWritten: bigint(raw.usage_bytes_written) ?? 0,
          },
    queueJobId: raw.queue_job_id,
    idempotencyKey: raw.idempotency_key,
    requestHash: raw.request_hash,
    correlationId: raw.correlation_id,
    traceContext: raw.trace_context,
    metadata: raw.metadata,
    params: raw.params_json,
    retryCount: raw.retry_count,
    maxRetries: raw.max_retries,
    attempt: raw.attempt,
    dispatchedAttempt: raw.dispatched_attempt,
    dispatchedAt: raw.dispatched_at,
    redispatches: raw.redispatches,
    nextAttemptAt: raw.next_attempt_at,
    heartbeatAt: raw.heartbeat_at,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
    version: raw.version,
    dependsOn: raw.depends_on,
  };
}
