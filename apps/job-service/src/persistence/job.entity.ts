import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JobStatus, TaskName } from '@validahub/job-domain';
import { JobResult } from '@validahub/job-contracts';

// pg returns bigint as a string (it may exceed 2^53); usage figures stay far below, so numbers are safe.
const BIGINT = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * The seed's `jobs` table plus what tenancy, idempotency and dispatching need. `queue_job_id` plays the
 * seed's `celery_task_id` (the BullMQ message id of the current attempt).
 */
@Entity({ name: 'jobs' })
export class JobEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'user_id' }) tenantId!: string;
  @Column('varchar', { name: 'task_name', length: 64 }) taskName!: TaskName;
  @Column('varchar', { length: 16 }) status!: JobStatus;
  @Column('varchar', { length: 64 }) queue!: string;
  @Column('int') priority!: number;
  @Column('double precision', { default: 0 }) progress!: number;
  @Column('text', { nullable: true }) message!: string | null;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('varchar', { name: 'error_code', length: 64, nullable: true }) errorCode!: string | null;
  @Column('text', { name: 'result_ref', nullable: true }) resultRef!: string | null;
  @Column('jsonb', { nullable: true }) result!: JobResult | null;
  @Column('varchar', { name: 'queue_job_id', length: 128, nullable: true }) queueJobId!: string | null;
  @Column('varchar', { name: 'idempotency_key', length: 255, nullable: true }) idempotencyKey!: string | null;
  /** SHA-256 of the canonical request body, to tell a replay from a conflicting reuse of the key. */
  @Column('char', { name: 'request_hash', length: 64 }) requestHash!: string;
  @Column('varchar', { name: 'correlation_id', length: 128, nullable: true }) correlationId!: string | null;
  /** W3C trace context of the request that created or retried the job: its runs continue that trace. */
  @Column('jsonb', { name: 'trace_context', nullable: true }) traceContext!: Record<string, string> | null;
  @Column('jsonb', { nullable: true }) metadata!: Record<string, unknown> | null;
  @Column('jsonb', { name: 'params_json' }) params!: Record<string, unknown>;
  @Column('int', { name: 'retry_count', default: 0 }) retryCount!: number;
  @Column('int', { name: 'max_retries', default: 3 }) maxRetries!: number;
  /** Runs so far (1 for the first); events of another attempt are stale. */
  @Column('int', { default: 1 }) attempt!: number;
  /** The attempt last handed to the queue: below `attempt` means "still to dispatch". */
  @Column('int', { name: 'dispatched_attempt', default: 0 }) dispatchedAttempt!: number;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt!: Date | null;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  @Column('timestamptz', { name: 'heartbeat_at', nullable: true }) heartbeatAt!: Date | null;
  @Column('bigint', { name: 'usage_cpu_ms', nullable: true, transformer: BIGINT }) usageCpuMs!: number | null;
  @Column('bigint', { name: 'usage_rows', nullable: true, transformer: BIGINT }) usageRows!: number | null;
  @Column('bigint', { name: 'usage_bytes_read', nullable: true, transformer: BIGINT }) usageBytesRead!:
    number | null;
  @Column('bigint', { name: 'usage_bytes_written', nullable: true, transformer: BIGINT }) usageBytesWritten!:
    number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
