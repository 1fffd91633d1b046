import { decideTransition, TRANSITION_TRIGGERS, TransitionTrigger } from './job-state-machine';
import { JOB_STATUSES, JobStatus } from './job-status';

// Expected outcome of every status × event pair, written out independently of the implementation's table:
// a status name means "moves there", `ignore` means a stale/duplicate worker event, an error code means the
// client's command is refused.
const EXPECTED: Record<
  JobStatus,
  Record<TransitionTrigger, JobStatus | 'ignore' | 'JOB_NOT_CANCELLABLE' | 'JOB_NOT_RETRYABLE'>
> = {
  QUEUED: {
    start: 'RUNNING',
    progress: 'ignore',
    succeed: 'SUCCEEDED',
    fail: 'FAILED',
    schedule_retry: 'RETRYING',
    cancel: 'CANCELLED',
    requeue: 'JOB_NOT_RETRYABLE',
  },
  RUNNING: {
    start: 'ignore',
    progress: 'RUNNING',
    succeed: 'SUCCEEDED',
    fail: 'FAILED',
    schedule_retry: 'RETRYING',
    cancel: 'CANCELLED',
    requeue: 'JOB_NOT_RETRYABLE',
  },
  RETRYING: {
    start: 'RUNNING',
    progress: 'ignore',
    succeed: 'SUCCEEDED',
    fail: 'FAILED',
    schedule_retry: 'RETRYING',
    cancel: 'CANCELLED',
    requeue: 'JOB_NOT_RETRYABLE',
  },
  SUCCEEDED: {
    start: 'ignore',
    progress: 'ignore',
    succeed: 'ignore',
    fail: 'ignore',
    schedule_retry: 'ignore',
    cancel: 'JOB_NOT_CANCELLABLE',
    requeue: 'JOB_NOT_RETRYABLE',
  },
  FAILED: {
    start: 'ignore',
    progress: 'ignore',
    succeed: 'ignore',
    fail: 'ignore',
    schedule_retry: 'ignore',
    cancel: 'JOB_NOT_CANCELLABLE',
    requeue: 'QUEUED',
  },
  CANCELLED: {
    start: 'ignore',
    progress: 'ignore',
    succeed: 'ignore',
    fail: 'ignore',
    schedule_retry: 'ignore',
    cancel: 'JOB_NOT_CANCELLABLE',
    requeue: 'QUEUED',
  },
};

const pairs = JOB_STATUSES.flatMap((status) => TRANSITION_TRIGGERS.map((event) => [status, event] as const));

describe('job state machine', () => {
  it('covers all 6 statuses × 7 events', () => {
    expect(pairs).toHaveLength(42);
  });

  it.each(pairs)('%s + %s', (status, event) => {
    const expected = EXPECTED[status][event];
    const decision = decideTransition(status, event);
    if (expected === 'ignore') {
      expect(decision).toMatchObject({ kind: 'ignore', from: status });
    } else if (expected === 'JOB_NOT_CANCELLABLE' || expected === 'JOB_NOT_RETRYABLE') {
      expect(decision.kind).toBe('reject');
      if (decision.kind === 'reject') {
        expect(decision.error.code).toBe(expected);
        expect(decision.error.details).toEqual({ status });
      }
    } else {
      expect(decision).toEqual({ kind: 'transition', from: status, to: expected });
    }
  });

  it('never moves a finished job anywhere but back to the queue by an explicit retry', () => {
    for (const status of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      for (const event of TRANSITION_TRIGGERS) {
        const decision = decideTransition(status, event);
        if (decision.kind === 'transition') expect([event, decision.to]).toEqual(['requeue', 'QUEUED']);
      }
    }
  });
});
