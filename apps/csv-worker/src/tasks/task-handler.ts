import { JobResult, RunJobMessage } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { StageTiming } from './stage-timing';

/** How far a run got: rows checked, and bytes of the input read out of its size. */
export interface RunProgress {
  readonly rows: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface TaskContext {
  readonly run: RunJobMessage;
  /** The run's own artifact folder: everything the task writes goes under it. */
  readonly folder: string;
  /** Aborted on cancellation, time limit, lost lease or shutdown: stop promptly and write no result. */
  readonly signal: AbortSignal;
  /** Throttled by the caller; call as often as convenient. */
  reportProgress(progress: RunProgress): void;
  /** Each stage of the run as it ends (parse_validate, write), for its trace and metrics. */
  reportStage(timing: StageTiming): void;
}

/** One task (`validate_csv_job`, …): turns a run into a result, or throws a classified error. */
export interface TaskHandler {
  run(context: TaskContext): Promise<JobResult>;
}

/** An error worth retrying: the same run may succeed later. */
export class TransientTaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransientTaskError';
  }
}

/** An error that retrying cannot fix (bad input, bad parameters). */
export class PermanentTaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentTaskError';
  }
}

/** A failure already classified where it happened (in a task thread). */
export class TaskFailedError extends Error {
  constructor(readonly failure: JobFailure) {
    super(failure.message);
    this.name = 'TaskFailedError';
  }
}
