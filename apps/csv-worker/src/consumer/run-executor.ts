import { randomBytes } from 'node:crypto';
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
import { JobEventReporter } from './job-event-reporter';
import { ProgressThrottle } from './progress-throttle';

export class RunCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'RunCancelledError';
  }
}

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
      () => this.telemetry.observe(run, (observer) => this.executeInContext(run, message.signal, observer)),
    );
  }

  private async executeInContext(
    run: RunJobMessage,
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
    const send = (body: Parameters<JobEventReporter['report']>[1]) => {
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

    try {
      const result = await this.tasks.handlerFor(run.task).run({
        run,
        folder,
        signal,
        reportProgress: (progress) => throttle.progress(progress),
        reportStage: (timing) => observer.stage(timing),
      });
      signal.throwIfAborted();
      clearTimeout(startTimer);
      await reports;
      await this.reporter.report(run, { type: 'completed', result, startedAt: startedAt.toISOString() });
      observer.ended('succeeded', { result });
      this.logger.log({ msg: 'run completed', summary: result.summary });
    } catch (error) {
      clearTimeout(startTimer);
      await reports;
      if (cancel.signal.aborted) {
        // The task removes its partial artifacts; make sure nothing of this run is left behind.
        await this.storage.deletePrefix(folder);
        await this.reporter.report(run, { type: 'cancelled' });
        observer.ended('cancelled');
        this.logger.log({ msg: 'run cancelled' });
        return;
      }
      if (messageSignal.aborted && !timeLimit.signal.aborted) throw error;
      const failure = timeLimit.signal.aborted ? this.timeLimitFailure(error) : classifyError(error);
      await this.reporter.report(run, { type: 'failed', error: failure, startedAt: startedAt.toISOString() });
      observer.ended('failed', { failure });
      this.logger.warn({ msg: 'run failed', code: failure.code, transient: failure.transient, err: error });
    } finally {
      timers.forEach(clearInterval);
      clearTimeout(softLimit);
      clearTimeout(startTimer);
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
