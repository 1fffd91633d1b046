import { applyLifecycleEvent, LifecycleContext, LifecycleEvent, LifecycleOutcome } from './job-lifecycle';
import { JobRecord } from './job-record';
import { WORKER_REPORTS, WORKER_REPORT_TYPES } from './worker-reports';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function job(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: '7b5c1c4e-0000-4000-8000-000000000001',
    tenantId: '7b5c1c4e-0000-4000-8000-0000000000aa',
    taskName: 'validate_csv_job',
    queue: 'queue-pro',
    status: 'QUEUED',
    attempt: 1,
    retryCount: 0,
    maxRetries: 3,
    progress: 0,
    message: 'Queued',
    error: null,
    errorCode: null,
    result: null,
    resultRef: null,
    usage: null,
    correlationId: 'corr-1',
    traceContext: null,
    createdAt: T0,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: null,
    nextAttemptAt: null,
    ...overrides,
  };
}

const context = (seconds: number, random = () => 0.5): LifecycleContext => ({
  now: at(seconds),
  retry: { maxRetries: 3, baseDelayMs: 2_000, factor: 2, maxDelayMs: 300_000 },
  random,
});

function applied(outcome: LifecycleOutcome) {
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const usage = { cpuMs: 3, rows: 2, bytesRead: 80, bytesWritten: 400 };
const succeed = (startedAt: Date): LifecycleEvent => ({
  type: 'succeed',
  attempt: 1,
  startedAt,
  result: { summary: { rows: 2 } },
  resultRef: 'local://report.json',
  usage,
});

describe('applyLifecycleEvent', () => {
  it('starts a queued job once: started_at is the run’s, and a second start changes nothing', () => {
    const outcome = applied(applyLifecycleEvent(job(), { type: 'start', attempt: 1, at: at(1) }, context(2)));
    expect(outcome.patch).toEqual({
      status: 'RUNNING',
      startedAt: at(1),
      heartbeatAt: at(2),
      message: 'Started',
    });
    expect(outcome.history.map((h) => h.type)).toEqual(['job.started']);
    expect(outcome.history[0]).toMatchObject({
      status: 'RUNNING',
      attempt: 1,
      data: {
        started_at: at(1).toISOString(),
        queue_wait_ms: 1000,
        task: 'validate_csv_job',
        queue: 'queue-pro',
      },
    });
    const running = job({ status: 'RUNNING', startedAt: at(1) });
    expect(applyLifecycleEvent(running, { type: 'start', attempt: 1, at: at(5) }, context(6)).kind).toBe(
      'ignored',
    );
  });

  it('never lowers progress, and records job.progress only when it grew', () => {
    const running = job({ status: 'RUNNING', startedAt: at(1), progress: 60 });
    const lower = applied(
      applyLifecycleEvent(
        running,
        { type: 'progress', attempt: 1, progress: 40, message: 'row 4' },
        context(3),
      ),
    );
    expect(lower.patch.progress).toBe(60);
    expect(lower.history).toEqual([]);
    const higher = applied(
      applyLifecycleEvent(
        running,
        { type: 'progress', attempt: 1, progress: 140, message: 'row 9' },
        context(3),
      ),
    );
    expect(higher.patch).toMatchObject({ progress: 100, message: 'row 9', heartbeatAt: at(3) });
    expect(higher.history.map((h) => [h.type, h.progress])).toEqual([['job.progress', 100]]);
  });

  it('a heartbeat only moves heartbeat_at', () => {
    const running = job({ status: 'RUNNING', startedAt: at(1) });
    const outcome = applied(applyLifecycleEvent(running, { type: 'heartbeat', attempt: 1 }, context(9)));
    expect(outcome.patch).toEqual({ status: 'RUNNING', heartbeatAt: at(9) });
    expect(outcome.history).toEqual([]);
  });

  it('a success applied before its start records both, started first, with the run’s own start time', () => {
    const outcome = applied(applyLifecycleEvent(job(), succeed(at(1)), context(2)));
    expect(outcome.patch).toMatchObject({
      status: 'SUCCEEDED',
      progress: 100,
      startedAt: at(1),
      finishedAt: at(2),
      usage,
      resultRef: 'local://report.json',
    });
    expect(outcome.history.map((h) => [h.type, h.status])).toEqual([
      ['job.started', 'RUNNING'],
      ['job.completed', 'SUCCEEDED'],
    ]);
    expect(outcome.history[1].data).toMatchObject({ run_ms: 1000, queue_wait_ms: 1000 });
  });

  it('a success of a running job records only its completion and keeps the first start time', () => {
    const running = job({ status: 'RUNNING', startedAt: at(1), progress: 30 });
    const outcome = applied(applyLifecycleEvent(running, succeed(at(4)), context(5)));
    expect(outcome.patch.startedAt).toEqual(at(1));
    expect(outcome.history.map((h) => h.type)).toEqual(['job.completed']);
  });

  it('ignores events of another attempt and anything after the end', () => {
    expect(applyLifecycleEvent(job({ attempt: 2 }), succeed(at(1)), context(2))).toEqual({
      kind: 'ignored',
      reason: 'event of attempt 1; the job is on attempt 2',
    });
    const done = job({ status: 'SUCCEEDED', startedAt: at(1), finishedAt: at(2) });
    expect(applyLifecycleEvent(done, { type: 'start', attempt: 1, at: at(1) }, context(3)).kind).toBe(
      'ignored',
    );
    expect(applyLifecycleEvent(done, succeed(at(1)), context(3)).kind).toBe('ignored');
  });

  it('retries a transient failure with backoff on a new attempt, then fails when retries run out', () => {
    const running = job({ status: 'RUNNING', startedAt: at(1) });
    const failure = { code: 'ECONNRESET', message: 'connection reset', transient: true };
    const retry = applied(
      applyLifecycleEvent(
        running,
        { type: 'fail', attempt: 1, failure },
        context(3, () => 0),
      ),
    );
    // Equal jitter with random 0: half of the first delay (2 s).
    expect(retry.patch).toMatchObject({
      status: 'RETRYING',
      attempt: 2,
      retryCount: 1,
      errorCode: 'ECONNRESET',
      nextAttemptAt: at(4),
      heartbeatAt: null,
      message: 'Retry 1 of 3 in 1 s after: connection reset',
    });
    expect(retry.history.map((h) => [h.type, h.attempt, h.data['error']])).toEqual([
      ['job.retrying', 2, 'connection reset'],
    ]);

    const exhausted = job({ status: 'RUNNING', startedAt: at(1), attempt: 4, retryCount: 3 });
    const final = applied(applyLifecycleEvent(exhausted, { type: 'fail', attempt: 4, failure }, context(9)));
    expect(final.patch).toMatchObject({
      status: 'FAILED',
      finishedAt: at(9),
      message: 'Failed after 3 retries: connection reset',
    });
    expect(final.history.map((h) => h.type)).toEqual(['job.failed']);
  });

  it('fails a permanent error at once; a failed run that was never shown running records its start', () => {
    const failure = { code: 'INPUT_NOT_CSV', message: 'This file looks like a PNG image', transient: false };
    const outcome = applied(
      applyLifecycleEvent(job(), { type: 'fail', attempt: 1, startedAt: at(1), failure }, context(2)),
    );
    expect(outcome.patch).toMatchObject({ status: 'FAILED', startedAt: at(1), errorCode: 'INPUT_NOT_CSV' });
    expect(outcome.history.map((h) => h.type)).toEqual(['job.started', 'job.failed']);
  });

  it('cancels an unfinished job, refuses to cancel a finished one', () => {
    const cancelled = applied(applyLifecycleEvent(job(), { type: 'cancel', message: 'by user' }, context(1)));
    expect(cancelled.patch).toEqual({
      status: 'CANCELLED',
      message: 'by user',
      finishedAt: at(1),
      nextAttemptAt: null,
    });
    expect(cancelled.history.map((h) => h.type)).toEqual(['job.cancelled']);
    const done = job({ status: 'SUCCEEDED' });
    const refused = applyLifecycleEvent(done, { type: 'cancel', message: 'by user' }, context(1));
    expect(refused).toMatchObject({ kind: 'rejected', error: { code: 'JOB_NOT_CANCELLABLE' } });
  });

  it("records the platform's reason when it cancels a job (a dependency failed)", () => {
    const error = { code: 'DEPENDENCY_FAILED', message: 'Dependency j0 failed' };
    const cancelled = applied(
      applyLifecycleEvent(job(), { type: 'cancel', message: error.message, error }, context(1)),
    );
    expect(cancelled.patch).toMatchObject({
      status: 'CANCELLED',
      error: 'Dependency j0 failed',
      errorCode: 'DEPENDENCY_FAILED',
    });
    expect(cancelled.history[0]).toMatchObject({ type: 'job.cancelled', errorCode: 'DEPENDENCY_FAILED' });
  });

  it('re-queues a failed job as a fresh attempt', () => {
    const failed = job({
      status: 'FAILED',
      attempt: 2,
      retryCount: 1,
      progress: 40,
      error: 'x',
      errorCode: 'X',
      startedAt: at(1),
      finishedAt: at(2),
    });
    const outcome = applied(
      applyLifecycleEvent(failed, { type: 'requeue', traceContext: { traceparent: 't' } }, context(5)),
    );
    expect(outcome.patch).toMatchObject({
      status: 'QUEUED',
      attempt: 3,
      retryCount: 0,
      progress: 0,
      error: null,
      startedAt: null,
      finishedAt: null,
      traceContext: { traceparent: 't' },
    });
    expect(outcome.history.map((h) => [h.type, h.attempt])).toEqual([['job.queued', 3]]);
    expect(applyLifecycleEvent(job(), { type: 'requeue', traceContext: null }, context(1))).toMatchObject({
      kind: 'rejected',
      error: { code: 'JOB_NOT_RETRYABLE' },
    });
  });

  it('names every worker report in one table, each with the event it becomes', () => {
    expect(Object.keys(WORKER_REPORTS).sort()).toEqual([...WORKER_REPORT_TYPES].sort());
    expect(WORKER_REPORTS.completed).toEqual({ event: 'succeed', history: ['job.started', 'job.completed'] });
  });
});
