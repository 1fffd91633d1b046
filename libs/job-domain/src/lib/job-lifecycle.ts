import { DomainError } from './job-errors';
import { JobFailure } from './job-failure';
import { historyEntry, HISTORY_EVENT_ON_ENTERING, HistoryEntry } from './job-history';
import { JobPatch, JobRecord, RunUsage } from './job-record';
import { decideTransition, TransitionTrigger } from './job-state-machine';
import { JobStatus } from './job-status';
import { canRetry, retryDelayMs, RetryPolicy } from './retry-policy';

/**
 * What can happen to an existing job. Worker events name the `attempt` they belong to (an event of another
 * attempt is stale and changes nothing); client commands and the platform's own decisions act on the
 * current attempt.
 */
export type LifecycleEvent<R = unknown> =
  | { readonly type: 'start'; readonly attempt: number; readonly at: Date }
  | {
      readonly type: 'progress';
      readonly attempt: number;
      readonly progress: number;
      readonly message: string;
    }
  | { readonly type: 'heartbeat'; readonly attempt: number }
  | {
      readonly type: 'succeed';
      readonly attempt: number;
      /** When the run started, as the worker saw it (its start may not have been applied yet). */
      readonly startedAt: Date;
      readonly result: R;
      readonly resultRef: string | null;
      readonly usage: RunUsage;
    }
  | {
      readonly type: 'fail';
      /** Omitted for the platform's own verdicts (a worker found lost), which concern the current attempt. */
      readonly attempt?: number;
      /** When the failed run started, if it did. */
      readonly startedAt?: Date;
      readonly failure: JobFailure;
    }
  | {
      readonly type: 'cancel';
      readonly message: string;
      /** Why the platform cancelled it (a dependency failed); none when the client did. */
      readonly error?: { readonly code: string; readonly message: string };
    }
  | { readonly type: 'requeue'; readonly traceContext: Readonly<Record<string, string>> | null };

export type LifecycleEventType = LifecycleEvent['type'];

/** What the rules need besides the job and the event: the time, and how retries are spaced. */
export interface LifecycleContext {
  readonly now: Date;
  readonly retry: RetryPolicy;
  /** The jitter source of retry delays (injectable for tests). */
  readonly random?: () => number;
}

export type LifecycleOutcome<R = unknown> =
  | {
      readonly kind: 'applied';
      readonly event: TransitionTrigger;
      readonly from: JobStatus;
      readonly to: JobStatus;
      readonly patch: JobPatch<R>;
      /** The history lines this change adds, in order. */
      readonly history: readonly HistoryEntry[];
    }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly error: DomainError };

/**
 * The lifecycle rules, pure: what `event` does to `job` at `context.now`. The state machine decides whether
 * the event applies; this function decides what changes (the patch) and what the history records. Progress
 * never goes down; a job's start time is set once; a run that finishes before its start was applied still
 * leaves `job.started` in the history, before its outcome.
 */
export function applyLifecycleEvent<R>(
  job: JobRecord<R>,
  event: LifecycleEvent<R>,
  context: LifecycleContext,
): LifecycleOutcome<R> {
  const eventAttempt = 'attempt' in event ? event.attempt : undefined;
  if (eventAttempt !== undefined && eventAttempt !== job.attempt)
    return {
      kind: 'ignored',
      reason: `event of attempt ${eventAttempt}; the job is on attempt ${job.attempt}`,
    };
  const { now } = context;
  switch (event.type) {
    case 'start':
      return change(job, 'start', now, {
        startedAt: job.startedAt ?? event.at,
        heartbeatAt: now,
        message: 'Started',
      });
    case 'progress': {
      const progress = Math.max(job.progress, Math.min(100, Math.max(0, event.progress)));
      return change(job, 'progress', now, { progress, message: event.message, heartbeatAt: now });
    }
    case 'heartbeat':
      return change(job, 'progress', now, { heartbeatAt: now });
    case 'succeed':
      return change(
        job,
        'succeed',
        now,
        {
          progress: 100,
          message: 'Completed',
          result: event.result,
          resultRef: event.resultRef,
          usage: event.usage,
          error: null,
          errorCode: null,
          startedAt: job.startedAt ?? event.startedAt,
          finishedAt: now,
          nextAttemptAt: null,
        },
        event.startedAt,
      );
    case 'fail':
      return fail(job, event.failure, event.startedAt, context);
    case 'cancel':
      return change(job, 'cancel', now, {
        message: event.message,
        finishedAt: now,
        nextAttemptAt: null,
        ...(event.error ? { error: event.error.message, errorCode: event.error.code } : {}),
      });
    case 'requeue':
      return change(job, 'requeue', now, {
        attempt: job.attempt + 1,
        retryCount: 0,
        progress: 0,
        message: 'Queued for retry',
        traceContext: event.traceContext,
        error: null,
        errorCode: null,
        result: null,
        resultRef: null,
        usage: null,
        startedAt: null,
        finishedAt: null,
        nextAttemptAt: null,
        heartbeatAt: null,
      });
  }
}

/** A run that ended badly: retried with backoff while retries remain and the error is transient. */
function fail<R>(
  job: JobRecord<R>,
  failure: JobFailure,
  runStartedAt: Date | undefined,
  context: LifecycleContext,
): LifecycleOutcome<R> {
  const { now } = context;
  if (failure.transient && canRetry(job.retryCount, job.maxRetries)) {
    const retryNumber = job.retryCount + 1;
    const delayMs = retryDelayMs(retryNumber, context.retry, context.random);
    return change(
      job,
      'schedule_retry',
      now,
      {
        attempt: job.attempt + 1,
        retryCount: retryNumber,
        error: failure.message,
        errorCode: failure.code,
        message: `Retry ${retryNumber} of ${job.maxRetries} in ${Math.ceil(delayMs / 1000)} s after: ${failure.message}`,
        nextAttemptAt: new Date(now.getTime() + delayMs),
        heartbeatAt: null,
      },
      runStartedAt,
    );
  }
  return change(
    job,
    'fail',
    now,
    {
      error: failure.message,
      errorCode: failure.code,
      message: failure.transient
        ? `Failed after ${job.retryCount} retries: ${failure.message}`
        : `Failed: ${failure.message}`,
      startedAt: job.startedAt ?? runStartedAt ?? now,
      finishedAt: now,
      nextAttemptAt: null,
    },
    runStartedAt,
  );
}

/**
 * Asks the state machine, then builds the patch (with the new status) and the history. `runStartedAt`,
 * given for a run's outcome, records the run's start first when the job never showed it as running.
 */
function change<R>(
  job: JobRecord<R>,
  event: TransitionTrigger,
  now: Date,
  fields: JobPatch<R>,
  runStartedAt?: Date,
): LifecycleOutcome<R> {
  const decision = decideTransition(job.status, event);
  if (decision.kind === 'ignore') return { kind: 'ignored', reason: decision.reason };
  if (decision.kind === 'reject') return { kind: 'rejected', error: decision.error };
  const patch: JobPatch<R> = { ...fields, status: decision.to };
  const after: JobRecord<R> = { ...job, ...patch };
  const history: HistoryEntry[] = [];
  if (runStartedAt && (job.status === 'QUEUED' || job.status === 'RETRYING') && decision.to !== 'RUNNING') {
    // The outcome overtook the start (or the start was never sent on its own): the run did start.
    const running: JobRecord<R> = {
      ...job,
      status: 'RUNNING',
      message: 'Started',
      startedAt: job.startedAt ?? runStartedAt,
    };
    history.push(historyEntry('job.started', running, now));
  }
  if (decision.to !== job.status)
    history.push(historyEntry(HISTORY_EVENT_ON_ENTERING[decision.to], after, now));
  else if (decision.to === 'RUNNING' && after.progress !== job.progress)
    history.push(historyEntry('job.progress', after, now));
  return { kind: 'applied', event, from: job.status, to: decision.to, patch, history };
}
