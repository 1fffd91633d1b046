import { JobStatus } from './job-status';

/** What a run consumed, measured by the worker. */
export interface RunUsage {
  readonly cpuMs: number;
  readonly rows: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/**
 * A job as the lifecycle rules see it (the fields of a `jobs` row they read or write). `R` is the run's
 * result, whose shape belongs to the contracts, not to the rules.
 */
export interface JobRecord<R = unknown> {
  readonly id: string;
  readonly tenantId: string;
  readonly taskName: string;
  readonly queue: string;
  readonly status: JobStatus;
  /** Runs so far (1 for the first); events of another attempt are stale. */
  readonly attempt: number;
  readonly retryCount: number;
  readonly maxRetries: number;
  readonly progress: number;
  readonly message: string | null;
  readonly error: string | null;
  readonly errorCode: string | null;
  readonly result: R | null;
  readonly resultRef: string | null;
  readonly usage: RunUsage | null;
  readonly correlationId: string | null;
  /** W3C context of the request that created or re-queued the job: its runs continue that trace. */
  readonly traceContext: Readonly<Record<string, string>> | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly heartbeatAt: Date | null;
  readonly nextAttemptAt: Date | null;
}

/** The fields a lifecycle event may change, with the values they take. Everything else stays as it was. */
export type JobPatch<R = unknown> = Partial<
  Pick<
    JobRecord<R>,
    | 'status'
    | 'attempt'
    | 'retryCount'
    | 'progress'
    | 'message'
    | 'error'
    | 'errorCode'
    | 'result'
    | 'resultRef'
    | 'usage'
    | 'traceContext'
    | 'startedAt'
    | 'finishedAt'
    | 'heartbeatAt'
    | 'nextAttemptAt'
  >
>;
