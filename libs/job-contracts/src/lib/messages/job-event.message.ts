import { JobResult } from '../job-result';

interface JobEventBase {
  readonly v: 1;
  /** Unique per event, for tracing duplicates. */
  readonly eventId: string;
  readonly jobId: string;
  /** The attempt the event belongs to: events of an older attempt are ignored. */
  readonly attempt: number;
  /** ISO-8601 time at the worker. */
  readonly at: string;
  readonly workerId: string;
  readonly correlationId: string;
}

/** csv-worker → job-service, on `JOB_EVENTS_QUEUE`: what happened to a run. */
export type JobEventMessage = JobEventBase &
  (
    | { readonly type: 'started' }
    | { readonly type: 'progress'; readonly progress: number; readonly message: string }
    | { readonly type: 'heartbeat' }
    | {
        readonly type: 'completed';
        readonly result: JobResult;
        /** ISO-8601 start of the run: the report says all the job-service needs, even if its start was not sent. */
        readonly startedAt?: string;
      }
    | {
        readonly type: 'failed';
        readonly error: { readonly code: string; readonly message: string; readonly transient: boolean };
        /** ISO-8601 start of the run, when it started. */
        readonly startedAt?: string;
      }
    | { readonly type: 'cancelled' }
  );
