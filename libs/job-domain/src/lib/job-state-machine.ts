import { DomainError } from './job-errors';
import { JobStatus } from './job-status';

/**
 * What can move a job from one status to another (the lifecycle rules turn every event into one of these).
 * Those that come from workers (`start` … `schedule_retry`) may arrive late, twice or out of order (delivery
 * is at-least-once), so where they no longer fit they are ignored rather than rejected. Client commands
 * (`cancel`, `requeue`) are rejected with a stable error code instead.
 */
export const TRANSITION_TRIGGERS = [
  'start',
  'progress',
  'succeed',
  'fail',
  'schedule_retry',
  'cancel',
  'requeue',
] as const;
export type TransitionTrigger = (typeof TRANSITION_TRIGGERS)[number];

export type TransitionDecision =
  | { readonly kind: 'transition'; readonly from: JobStatus; readonly to: JobStatus }
  | { readonly kind: 'ignore'; readonly from: JobStatus; readonly reason: string }
  | { readonly kind: 'reject'; readonly from: JobStatus; readonly error: DomainError };

type Rule = { to: JobStatus } | { ignore: string } | { reject: () => DomainError };

const to = (status: JobStatus): Rule => ({ to: status });
const ignore = (reason: string): Rule => ({ ignore: reason });
const notCancellable = (status: JobStatus): Rule => ({
  reject: () =>
    new DomainError('JOB_NOT_CANCELLABLE', `A ${status.toLowerCase()} job cannot be cancelled.`, { status }),
});
const notRetryable = (status: JobStatus): Rule => ({
  reject: () =>
    new DomainError(
      'JOB_NOT_RETRYABLE',
      `Only failed or cancelled jobs can be retried; this job is ${status.toLowerCase()}.`,
      {
        status,
      },
    ),
});
const finished = ignore('the job already finished; a state never goes backwards');

// The whole lifecycle in one table: every status × event pair is spelled out, so nothing is implicit.
// A terminal outcome (`succeed`/`fail`) is accepted even before `start` was applied, because the worker's
// events can be applied out of order: a finished run proves it started. Events of another attempt than the
// job's current one never reach this table (the caller filters them), so duplicates of an old attempt are
// not a concern here.
const TABLE: Readonly<Record<JobStatus, Readonly<Record<TransitionTrigger, Rule>>>> = {
  QUEUED: {
    start: to('RUNNING'),
    progress: ignore('progress before the start was applied'),
    succeed: to('SUCCEEDED'),
    fail: to('FAILED'),
    schedule_retry: to('RETRYING'),
    cancel: to('CANCELLED'),
    requeue: notRetryable('QUEUED'),
  },
  RUNNING: {
    start: ignore('already running (duplicate start)'),
    progress: to('RUNNING'),
    succeed: to('SUCCEEDED'),
    fail: to('FAILED'),
    schedule_retry: to('RETRYING'),
    cancel: to('CANCELLED'),
    requeue: notRetryable('RUNNING'),
  },
  RETRYING: {
    start: to('RUNNING'),
    progress: ignore('progress of a run that is waiting to be retried'),
    succeed: to('SUCCEEDED'),
    fail: to('FAILED'),
    // Only reachable for the current attempt (older attempts are filtered first): its run failed before
    // its start was applied.
    schedule_retry: to('RETRYING'),
    cancel: to('CANCELLED'),
    requeue: notRetryable('RETRYING'),
  },
  SUCCEEDED: {
    start: finished,
    progress: finished,
    succeed: ignore('already succeeded (duplicate)'),
    fail: finished,
    schedule_retry: finished,
    cancel: notCancellable('SUCCEEDED'),
    requeue: notRetryable('SUCCEEDED'),
  },
  FAILED: {
    start: finished,
    progress: finished,
    succeed: finished,
    fail: ignore('already failed (duplicate)'),
    schedule_retry: finished,
    cancel: notCancellable('FAILED'),
    requeue: to('QUEUED'),
  },
  CANCELLED: {
    start: finished,
    progress: finished,
    succeed: finished,
    fail: finished,
    schedule_retry: finished,
    cancel: notCancellable('CANCELLED'),
    requeue: to('QUEUED'),
  },
};

/** Pure: what `event` does to a job in `status`. Persisting the result is the caller's compare-and-set. */
export function decideTransition(status: JobStatus, event: TransitionTrigger): TransitionDecision {
  const rule = TABLE[status][event];
  if ('to' in rule) return { kind: 'transition', from: status, to: rule.to };
  if ('ignore' in rule) return { kind: 'ignore', from: status, reason: rule.ignore };
  return { kind: 'reject', from: status, error: rule.reject() };
}
