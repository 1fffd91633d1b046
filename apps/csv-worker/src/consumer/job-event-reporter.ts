import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JOB_REPORTS_STREAM, JobEventMessage, JobResult, RunJobMessage } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { AppendEntry, ReportStreamPublisher } from '@validahub/queue';
import { activeTraceCarrier } from '@validahub/telemetry';
import { CsvWorkerConfig } from '../config/csv-worker.config';

export type ReportBody =
  | { type: 'started' }
  | { type: 'progress'; progress: number; message: string }
  | { type: 'heartbeat' }
  | { type: 'completed'; result: JobResult; startedAt: string; delivery: number }
  | { type: 'failed'; error: JobFailure; startedAt: string; delivery: number }
  | { type: 'cancelled' };

interface Pending {
  readonly entry: AppendEntry<JobEventMessage>;
  readonly settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Sends a run's lifecycle to the job-service through the durable report stream; the worker never writes SQL.
 * Reports made in the same turn of the event loop (several runs ending together) go out in one append, one
 * round trip; each caller's promise settles when its report is held.
 */
@Injectable()
export class JobEventReporter {
  private pending: Pending[] = [];

  constructor(
    private readonly stream: ReportStreamPublisher,
    private readonly config: CsvWorkerConfig,
  ) {}

  /** `at`: when it happened, if not now (a run's start, reported after the fact). */
  report(run: RunJobMessage, body: ReportBody, at: Date = new Date()): Promise<void> {
    const payload = {
      v: 1,
      eventId: randomUUID(),
      jobId: run.jobId,
      attempt: run.attempt,
      at: at.toISOString(),
      workerId: this.config.workerId,
      correlationId: run.correlationId,
      ...body,
    } as JobEventMessage;
    return new Promise((resolve, reject) => {
      // Each report keeps the trace of the run it belongs to, whichever run's turn flushes the batch.
      this.pending.push({ entry: { payload, trace: activeTraceCarrier() }, settle: { resolve, reject } });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      await this.stream.append(
        JOB_REPORTS_STREAM,
        batch.map((p) => p.entry),
      );
      for (const p of batch) p.settle.resolve();
    } catch (error) {
      for (const p of batch) p.settle.reject(error);
    }
  }
}
