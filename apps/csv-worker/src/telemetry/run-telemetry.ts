import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { ROOT_CONTEXT, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { JobResult, RunJobMessage } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { runInSpan } from '@validahub/telemetry';
import { StageTiming } from '../tasks/stage-timing';
import { RunOutcome, WorkerMetrics } from './worker-metrics';

const tracer = trace.getTracer('csv-worker');

/** One run as traces and metrics see it: its stages as they end, its outcome once. */
export class RunObserver {
  private readonly started = performance.now();
  private outcome?: RunOutcome;

  constructor(
    private readonly run: RunJobMessage,
    private readonly span: Span,
    private readonly metrics: WorkerMetrics,
  ) {}

  /**
   * A stage timed in the task thread becomes a child span of the run with the thread's own start and end
   * times (the thread has no tracer of its own: its spans would need an exporter per thread).
   */
  stage(timing: StageTiming): void {
    const parent = trace.setSpan(ROOT_CONTEXT, this.span);
    const span = tracer.startSpan(timing.stage, { startTime: timing.startedAt }, parent);
    if (timing.failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(timing.endedAt);
    this.metrics.stageEnded(timing);
  }

  ended(outcome: RunOutcome, detail: { result?: JobResult; failure?: JobFailure } = {}): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.metrics.runEnded(this.run.task, outcome, (performance.now() - this.started) / 1000);
    this.span.setAttribute('validahub.outcome', outcome);
    if (detail.result) {
      this.metrics.validated(this.run.task, detail.result.usage);
      this.span.setAttributes({
        'validahub.rows': detail.result.usage.rows,
        'validahub.bytes_read': detail.result.usage.bytesRead,
      });
    }
    if (detail.failure) {
      this.span.setAttribute('validahub.error_code', detail.failure.code);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: detail.failure.message });
    }
  }
}

/** Wraps each run in a `run <task>` span (inside the queue's consumer span) and records its metrics. */
@Injectable()
export class RunTelemetry {
  constructor(private readonly metrics: WorkerMetrics) {}

  observe<T>(run: RunJobMessage, work: (observer: RunObserver) => Promise<T>): Promise<T> {
    const attributes = {
      'validahub.job_id': run.jobId,
      'validahub.tenant_id': run.tenantId,
      'validahub.attempt': run.attempt,
      'validahub.task': run.task,
      'validahub.correlation_id': run.correlationId,
    };
    return tracer.startActiveSpan(`run ${run.task}`, { attributes }, async (span) => {
      const observer = new RunObserver(run, span, this.metrics);
      return runInSpan(span, () =>
        work(observer).catch((error: unknown) => {
          // Whatever escapes the executor sends the message back to the queue for another delivery.
          observer.ended('handed_back');
          throw error;
        }),
      );
    });
  }
}
