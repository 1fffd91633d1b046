import { publicArtifactPath } from '@validahub/job-contracts';
import { JobResponse } from '@validahub/job-contracts/http';
import { JobRow } from '../persistence/job-row';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The public representation of a job (status in lower case, as in the seed's responses). */
export function toJobResponse(job: JobRow): JobResponse {
  return {
    id: job.id,
    task: job.taskName,
    status: job.status.toLowerCase() as JobResponse['status'],
    progress: job.progress,
    message: job.message,
    error: job.error ? { code: job.errorCode ?? 'ERROR', message: job.error } : null,
    result: job.result
      ? {
          summary: { ...job.result.summary },
          artifacts: job.result.artifacts.map((a) => ({
            name: a.name,
            size: a.size,
            sha256: a.sha256,
            content_type: a.contentType,
            url: publicArtifactPath(job.id, a.name),
          })),
        }
      : null,
    created_at: job.createdAt.toISOString(),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    usage: job.usage
      ? {
          cpu_ms: job.usage.cpuMs,
          rows: job.usage.rows,
          bytes_read: job.usage.bytesRead,
          bytes_written: job.usage.bytesWritten,
        }
      : null,
    retry_count: job.retryCount,
    max_retries: job.maxRetries,
    attempt: job.attempt,
    next_attempt_at: job.status === 'RETRYING' ? iso(job.nextAttemptAt) : null,
    queue: job.queue,
    priority: job.priority,
    params: job.params,
    depends_on: [...(job.dependsOn ?? [])],
    idempotency_key: job.idempotencyKey,
    correlation_id: job.correlationId,
    metadata: job.metadata,
  };
}
