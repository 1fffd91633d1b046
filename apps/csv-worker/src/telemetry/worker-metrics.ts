import { Injectable } from '@nestjs/common';
import { JobUsage } from '@validahub/job-contracts';
import { MetricsRegistry } from '@validahub/telemetry';
import { Counter, Histogram } from 'prom-client';
import { StageTiming } from '../tasks/stage-timing';

/** How a run taken from a plan queue ended, on this worker. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'handed_back';

// Runs last from milliseconds (a small file) to the 270 s soft time limit.
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The worker's own metrics, next to the process and HTTP ones at `/metrics`. */
@Injectable()
export class WorkerMetrics {
  private readonly runs: Counter<'task' | 'outcome'>;
  private readonly runSeconds: Histogram<'task' | 'outcome'>;
  private readonly stageSeconds: Histogram<'stage'>;
  private readonly rows: Counter<'task'>;
  private readonly bytes: Counter<'task'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.runs = new Counter({
      name: 'validahub_worker_runs_total',
      help: 'Runs this worker took from a plan queue, by task and outcome (handed_back: returned to the queue).',
      labelNames: ['task', 'outcome'],
      registers,
    });
    this.runSeconds = new Histogram({
      name: 'validahub_worker_run_duration_seconds',
      help: 'Duration of a run on this worker, from taking the message to its last report, by task and outcome.',
      labelNames: ['task', 'outcome'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'validahub_worker_stage_duration_seconds',
      help: 'Duration of each stage of a CSV run (parse_validate, write).',
      labelNames: ['stage'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.rows = new Counter({
      name: 'validahub_worker_rows_validated_total',
      help: 'CSV data rows validated by runs that succeeded; rate() gives rows per second.',
      labelNames: ['task'],
      registers,
    });
    this.bytes = new Counter({
      name: 'validahub_worker_bytes_validated_total',
      help: 'Input bytes validated by runs that succeeded; rate() gives bytes per second.',
      labelNames: ['task'],
      registers,
    });
  }

  runEnded(task: string, outcome: RunOutcome, seconds: number): void {
    this.runs.inc({ task, outcome });
    this.runSeconds.observe({ task, outcome }, seconds);
  }

  validated(task: string, usage: JobUsage): void {
    this.rows.inc({ task }, usage.rows);
    this.bytes.inc({ task }, usage.bytesRead);
  }

  stageEnded(timing: StageTiming): void {
    this.stageSeconds.observe({ stage: timing.stage }, (timing.endedAt - timing.startedAt) / 1000);
  }
}
