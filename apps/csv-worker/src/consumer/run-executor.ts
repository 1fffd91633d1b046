import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { RunJobMessage, runJobMessageId } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { CancellationRegistry, ConsumedMessage } from '@validahub/queue';
import { ObjectStorage, objectKeys } from '@validahub/storage';
import { runWithContext } from '@validahub/telemetry';
import { CsvWorkerConfig } from '../config/csv-worker.config';
import { RunObserver, RunTelemetry } from '../telemetry/run-telemetry';
import { classifyError } from '../tasks/classify-error';
import { TaskRegistry } from '../tasks/task-registry';
import { ThreadTerminatedError } from '../tasks/csv-check/terminable-thread-pool';
import { JobEventReporter, ReportBody } from './job-event-reporter';
import { ProgressThrottle } from './progress-throttle';

export class RunCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'RunCancelledError';
  }
}

type Outcome = Extract<ReportBody, { type: 'completed' | 'failed' | 'cancelled' }>;

/** Attempts at sending a run's outcome, 1 s, 2 s, … apart: about 10 s, within a default queue lock. */
const OUTCOME_REPORT_ATTEMPTS = 5;
const OUTCOME_REPORT_RETRY_MS = 1_000;

export class TimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`the task ran longer than its ${Math.round(limitMs / 1000)} s time limit`);
    this.name = 'TimeLimitError';
  }
}

/**
 * Runs one message of a plan queue: reports started, runs the task while watching for cancellation and
 * its time limits and sending heartbeats and throttled progress, then reports completed, failed or
 * cancelled. When the message itself is taken away (shutdown past its grace, lost lease) it reports
 * nothing and rethrows: the queue gives the run to another worker.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger(RunExecutor.name);

  constructor(
    private readonly tasks: TaskRegistry,
    private readonly reporter: JobEventReporter,
    private readonly cancellation: CancellationRegistry,
    private readonly storage: ObjectStorage,
    private readonly config: CsvWorkerConfig,
    private readonly telemetry: RunTelemetry,
  ) {}

  execute(message: ConsumedMessage<RunJobMessage>): Promise<void> {
    const run = message.payload;
    return runWithContext(
      { jobId: run.jobId, correlationId: run.correlationId, tenantId: run.tenantId, attempt: run.attempt },
      () =>
        this.telemetry.observe(run, (observer) =>
          this.executeInContext(run, message.delivery, message.signal, observer),
        ),
    );
  }

  private async executeInContext(
    run: RunJobMessage,
    delivery: number,
    messageSignal: AbortSignal,
    observer: RunObserver,
  ): Promise<void> {
    const runId = runJobMessageId(run.jobId, run.attempt);
    if (await this.cancellation.isRequested(runId)) {
      this.logger.log({ msg: 'run was cancelled before it started; skipping' });
      await this.reporter.report(run, { type: 'cancelled' });
      observer.ended('cancelled');
      return;
    }
    const startedAt = new Date();
    const folder = objectKeys.runFolder(run.tenantId, run.jobId, run.attempt, randomBytes(4).toString('hex'));
    this.logger.log({ msg: 'run started', task: run.task, folder });

    const cancel = new AbortController();
    const timeLimit = new AbortController();
    const signal = AbortSignal.any([messageSignal, cancel.signal, timeLimit.signal]);
    // The start is reported once the run has lasted STARTED_REPORT_DELAY_MS; a run that ends sooner reports
    // its start time with its outcome instead (the job-service records both). Progress and heartbeats
    // follow the start, in order.
    let startReported = false;
    let reports = Promise.resolve();
    const send = (body: ReportBody) => {
      // Fire-and-forget but kept in order; a lost progress report is harmless.
      reports = reports
        .then(() => this.reporter.report(run, body, body.type === 'started' ? startedAt : undefined))
        .catch((error) => this.logger.warn({ msg: 'report failed', type: body.type, err: error }));
    };
    const reportStart = () => {
      if (startReported) return;
      startReported = true;
      send({ type: 'started' });
    };
    const startTimer = setTimeout(reportStart, this.config.startedReportDelayMs);
    const throttle = new ProgressThrottle(this.config.progressIntervalMs, (progress, text) => {
      reportStart();
      send({ type: 'progress', progress, message: text });
    });
    const timers = [
      setInterval(() => {
        reportStart();
        send({ type: 'heartbeat' });
      }, this.config.heartbeatIntervalMs),
      setInterval(() => {
        this.cancellation.isRequested(runId).then(
          (requested) => requested && cancel.abort(new RunCancelledError()),
          (error) => this.logger.warn({ msg: 'could not check for cancellation', err: error }),
        );
      }, this.config.cancelPollIntervalMs),
    ];
    const softLimit = setTimeout(
      () => timeLimit.abort(new TimeLimitError(this.config.softTimeLimitMs)),
      this.config.softTimeLimitMs,
    );

    let outcome: Outcome;
    try {
      const result = await this.tasks.handlerFor(run.task).run({
        run,
        folder,
        signal,
        reportProgress: (progress) => throttle.progress(progress),
        reportStage: (timing) => observer.stage(timing),
      });
      signal.throwIfAborted();
      outcome = { type: 'completed', result, startedAt: startedAt.toISOString(), delivery };
    } catch (error) {
      if (cancel.signal.aborted) {
        // The task removes its partial artifacts; make sure nothing of this run is left behind.
        await this.storage.deletePrefix(folder);
        outcome = { type: 'cancelled' };
      } else if (messageSignal.aborted && !timeLimit.signal.aborted) {
        // Handed back (lost lease, shutdown): this run reports nothing, so no result can ever name its
        // folder, and the run that replaces it may be of the same attempt, which no sweep would look at.
        await this.storage
          .deletePrefix(folder)
          .catch((err) =>
            this.logger.warn({ msg: 'could not remove a handed-back run’s folder', folder, err }),
          );
        throw error;
      } else {
        const failure = timeLimit.signal.aborted ? this.timeLimitFailure(error) : classifyError(error);
        this.logger.warn({ msg: 'run failed', code: failure.code, transient: failure.transient, err: error });
        outcome = { type: 'failed', error: failure, startedAt: startedAt.toISOString(), delivery };
      }
    } finally {
      timers.forEach(clearInterval);
      clearTimeout(softLimit);
      clearTimeout(startTimer);
    }
    await reports;
    // Outside the task's try: a report that cannot be sent says nothing about the task. It throws, the
    // message is not acknowledged, and the run goes again (redelivered, or re-queued by the reconciler).
    await this.reportOutcome(run, outcome, messageSignal);
    if (outcome.type === 'completed') {
      observer.ended('succeeded', { result: outcome.result });
      this.logger.log({ msg: 'run completed', summary: outcome.result.summary });
    } else if (outcome.type === 'failed') {
      observer.ended('failed', { failure: outcome.error });
    } else {
      observer.ended('cancelled');
      this.logger.log({ msg: 'run cancelled' });
    }
  }

  /** A short Redis outage should not cost a finished run: the outcome is sent again a few times first. */
  private async reportOutcome(
    run: RunJobMessage,
    outcome: Outcome,
    messageSignal: AbortSignal,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.reporter.report(run, outcome);
      } catch (error) {
        if (attempt >= OUTCOME_REPORT_ATTEMPTS || messageSignal.aborted) throw error;
        this.logger.warn({
          msg: 'outcome report failed; sending it again',
          type: outcome.type,
          attempt,
          err: error,
        });
        await sleep(OUTCOME_REPORT_RETRY_MS * attempt);
      }
    }
  }

  private timeLimitFailure(error: unknown): JobFailure {
    const soft = Math.round(this.config.softTimeLimitMs / 1000);
    const hard = Math.round((this.config.softTimeLimitMs + this.config.hardGraceMs) / 1000);
    return {
      code: 'TIME_LIMIT_EXCEEDED',
      message:
        error instanceof ThreadTerminatedError
          ? `The task passed its ${soft} s soft time limit, did not stop, and was terminated at the ${hard} s hard limit.`
          : `The task passed its ${soft} s soft time limit and was stopped.`,
      transient: false,
    };
  }
}
