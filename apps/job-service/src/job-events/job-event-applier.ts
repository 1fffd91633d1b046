import { Injectable, Logger } from '@nestjs/common';
import { JobEventMessage } from '@validahub/job-contracts';
import { JobFailure, needsOperator } from '@validahub/job-domain';
import { ObjectStorage } from '@validahub/storage';
import { addToContext, inCarrierContext, runWithContext, TraceCarrier } from '@validahub/telemetry';
import { JobEvents, JobLifecycleEvent, JobTransitions, TransitionOutcome } from '../jobs/job-transitions';
import { RunFolderCleanup } from '../maintenance/run-folder-cleanup';

/**
 * Applies what workers report, a batch at a time. Delivery is at-least-once and unordered across workers, so
 * every report is checked against the job's current attempt and status by the lifecycle rules: a duplicate
 * or a late report changes nothing, which makes applying a report twice the same as applying it once.
 */
@Injectable()
export class JobEventApplier {
  private readonly logger = new Logger(JobEventApplier.name);

  constructor(
    private readonly transitions: JobTransitions,
    private readonly storage: ObjectStorage,
    private readonly runFolders: RunFolderCleanup,
  ) {}

  /**
   * Applies a batch of reports: all of one job in the order given, all jobs in one write per round.
   * `traces[i]`, the trace report i was sent in, is the one its job's log lines name.
   */
  async applyAll(
    reports: readonly JobEventMessage[],
    traces: readonly (TraceCarrier | undefined)[] = [],
  ): Promise<Map<string, TransitionOutcome>> {
    const byJob = new Map<
      string,
      { events: JobLifecycleEvent[]; reports: JobEventMessage[]; trace?: TraceCarrier }
    >();
    for (const [i, report] of reports.entries()) {
      this.warnIfCritical(report);
      const event = this.eventOf(report);
      if (!event) continue;
      const entry = byJob.get(report.jobId) ?? { events: [], reports: [] };
      entry.events.push(event);
      entry.reports.push(report);
      entry.trace = traces[i] ?? entry.trace;
      byJob.set(report.jobId, entry);
    }
    const batch: JobEvents[] = [...byJob].map(([jobId, { events }]) => ({ jobId, events }));
    const outcomes = await this.transitions.applyAll(batch);
    const cleanups: Promise<void>[] = [];
    for (const [jobId, { reports: applied, trace }] of byJob) {
      const last = applied[applied.length - 1];
      const outcome = outcomes.get(jobId);
      if (!outcome) continue;
      inCarrierContext(trace, () =>
        runWithContext({ jobId, correlationId: last.correlationId, attempt: last.attempt }, () =>
          this.log(applied.map((r) => r.type).join(','), outcome),
        ),
      );
      for (const report of applied) cleanups.push(this.cleanUpAfter(report, outcome));
    }
    await Promise.all(cleanups);
    return outcomes;
  }

  /**
   * Run folders nobody will publish (see RunFolderCleanup): a completion that lost names its own folder; an
   * outcome of a redelivered run (a delivery before it died midway) may have left one behind.
   */
  private async cleanUpAfter(report: JobEventMessage, outcome: TransitionOutcome): Promise<void> {
    if (outcome.kind === 'not_found' || (report.type !== 'completed' && report.type !== 'failed')) return;
    if (report.type === 'completed' && outcome.kind === 'ignored')
      await this.runFolders.discardLosingRun(outcome.job, report.result);
    else if (outcome.kind === 'applied' && (report.delivery ?? 1) > 1)
      await this.runFolders.sweep(outcome.job);
  }

  /** A run that ended badly (its worker was lost): retried with backoff while retries remain. */
  applyFailure(jobId: string, attempt: number, failure: JobFailure): Promise<TransitionOutcome> {
    return this.transitions.apply({ id: jobId }, () => ({ type: 'fail', attempt, failure }));
  }

  /** The lifecycle event a report stands for (the WORKER_REPORTS table of job-domain), or none. */
  private eventOf(report: JobEventMessage): JobLifecycleEvent | undefined {
    const attempt = report.attempt;
    const at = new Date(report.at);
    switch (report.type) {
      case 'started':
        return { type: 'start', attempt, at };
      case 'progress':
        return { type: 'progress', attempt, progress: report.progress, message: report.message };
      case 'heartbeat':
        return { type: 'heartbeat', attempt };
      case 'completed': {
        const json = report.result.artifacts.find((a) => a.name === 'report.json');
        return {
          type: 'succeed',
          attempt,
          // A worker older than the field: its completion time stands in for the start it reported before.
          startedAt: report.startedAt ? new Date(report.startedAt) : at,
          result: report.result,
          resultRef: json ? this.storage.uriFor(json.key) : null,
          usage: report.result.usage,
        };
      }
      case 'failed':
        return {
          type: 'fail',
          attempt,
          startedAt: report.startedAt ? new Date(report.startedAt) : undefined,
          failure: report.error,
        };
      case 'cancelled':
        // The worker confirms it stopped a run the job-service had already cancelled: nothing to change.
        runWithContext({ jobId: report.jobId, correlationId: report.correlationId }, () =>
          this.logger.log({ msg: 'worker stopped the cancelled run' }),
        );
        return undefined;
    }
  }

  private warnIfCritical(report: JobEventMessage): void {
    if (report.type !== 'failed' || !needsOperator(report.error)) return;
    // The seed's convention: a human must look. A distinct event name alerting can key on.
    runWithContext(
      { jobId: report.jobId, correlationId: report.correlationId, attempt: report.attempt },
      () =>
        this.logger.error({
          msg: 'job failed with a CRITICAL error; an operator must look',
          event: 'job.needs_operator',
          code: report.error.code,
          error: report.error.message,
        }),
    );
  }

  private log(reports: string, outcome: TransitionOutcome): void {
    if (outcome.kind === 'applied') {
      // A report's tenant comes from the job row.
      addToContext({ tenantId: outcome.job.tenantId });
      if (outcome.job.status !== outcome.from)
        this.logger.log({ msg: `job ${outcome.job.status.toLowerCase()}`, reports, from: outcome.from });
    } else if (outcome.kind === 'ignored') {
      this.logger.debug({ msg: 'reports ignored', reports, reason: outcome.reason });
    } else if (outcome.kind === 'not_found') {
      this.logger.warn({ msg: 'reports for an unknown job', reports });
    }
  }
}
