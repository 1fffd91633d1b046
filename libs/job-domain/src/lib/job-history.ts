import { JobRecord } from './job-record';
import { JobStatus } from './job-status';

// Wire names: clients read them in the events API and the live stream; renaming one needs a migration plan.
export const HISTORY_EVENT_NAMES = [
  'job.queued',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.retrying',
] as const;
export type HistoryEventName = (typeof HISTORY_EVENT_NAMES)[number];

/** The entry a job entering each status leaves in its history (progress while running is `job.progress`). */
export const HISTORY_EVENT_ON_ENTERING: Readonly<Record<JobStatus, HistoryEventName>> = {
  QUEUED: 'job.queued',
  RUNNING: 'job.started',
  SUCCEEDED: 'job.completed',
  FAILED: 'job.failed',
  CANCELLED: 'job.cancelled',
  RETRYING: 'job.retrying',
};

/** One line of a job's history (`job_events`): the job as it was right after the change. */
export interface HistoryEntry {
  readonly jobId: string;
  readonly tenantId: string;
  readonly type: HistoryEventName;
  readonly attempt: number;
  readonly status: JobStatus;
  readonly progress: number;
  readonly message: string | null;
  readonly errorCode: string | null;
  /** Task, queue, correlation id, retry count, timestamps, queue wait and run time (absent fields omitted). */
  readonly data: Readonly<Record<string, string | number>>;
  readonly at: Date;
}

/** The history entry `type` records about `job` (the job after the change), at `at`. */
export function historyEntry(type: HistoryEventName, job: JobRecord, at: Date): HistoryEntry {
  const data: Record<string, string | number> = {
    task: job.taskName,
    queue: job.queue,
    retry_count: job.retryCount,
    created_at: job.createdAt.toISOString(),
  };
  if (job.correlationId) data['correlation_id'] = job.correlationId;
  if (job.error && (job.status === 'FAILED' || job.status === 'RETRYING')) data['error'] = job.error;
  if (job.nextAttemptAt && job.status === 'RETRYING')
    data['next_attempt_at'] = job.nextAttemptAt.toISOString();
  if (job.startedAt) {
    data['started_at'] = job.startedAt.toISOString();
    data['queue_wait_ms'] = job.startedAt.getTime() - job.createdAt.getTime();
  }
  if (job.finishedAt) {
    data['finished_at'] = job.finishedAt.toISOString();
    if (job.startedAt) data['run_ms'] = job.finishedAt.getTime() - job.startedAt.getTime();
  }
  return {
    jobId: job.id,
    tenantId: job.tenantId,
    type,
    attempt: job.attempt,
    status: job.status,
    progress: job.progress,
    message: job.message,
    errorCode: job.errorCode,
    data,
    at,
  };
}
