// Stored upper-case in Postgres (the seed's states); the public API shows them lower-case.
export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RETRYING'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
