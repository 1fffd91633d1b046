// Stored upper-case in Postgres (the seed's states); the public API shows them lower-case.
export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RETRYING'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
/** Statuses in which the job still owes work to a worker (waiting for one, or on one). */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['QUEUED', 'RUNNING', 'RETRYING'];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}
