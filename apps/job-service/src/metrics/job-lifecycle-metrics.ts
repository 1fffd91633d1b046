import { Injectable } from '@nestjs/common';
import { JobStatus, needsOperator } from '@validahub/job-domain';
import { MetricsRegistry } from '@validahub/telemetry';
import { Counter, Histogram } from 'prom-client';
import { JobLifecycleChange, JobLifecycleListener } from '../jobs/job-lifecycle';
import { JOB_LABELS, jobLabels } from './job-labels';

const TERMINAL: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * Counters and histograms of the job lifecycle, fed by every committed change. Each replica counts the
 * changes it applied, so dashboards `sum()` over replicas.
 */
@Injectable()
export class JobLifecycleMetrics extends JobLifecycleListener {
  private readonly statusChanges: Counter<'status' | (typeof JOB_LABELS)[number]>;
  private readonly queueWait: Histogram<(typeof JOB_LABELS)[number]>;
  private readonly runTime: Histogram<'status' | (typeof JOB_LABELS)[number]>;
  private readonly retries: Counter<'error_code' | (typeof JOB_LABELS)[number]>;
  private readonly failures: Counter<'error_code' | (typeof JOB_LABELS)[number]>;
  private readonly needsOperator: Counter<'error_code' | (typeof JOB_LABELS)[number]>;

  constructor(registry: MetricsRegistry) {
    super();
    const registers = [registry];
    this.statusChanges = new Counter({
      name: 'validahub_job_status_changes_total',
      help: 'Jobs entering a status (queued counts creations and client retries), by queue, task and plan.',
      labelNames: ['status', ...JOB_LABELS],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'validahub_job_queue_wait_seconds',
      help: 'From acceptance (202) to the first start of a job on a worker.',
      labelNames: JOB_LABELS,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.runTime = new Histogram({
      name: 'validahub_job_run_seconds',
      help: 'From the first start to the end of a job, automatic retries included, by final status.',
      labelNames: ['status', ...JOB_LABELS],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    });
    this.retries = new Counter({
      name: 'validahub_job_retries_total',
      help: 'Automatic retries scheduled after a transient failure, by error code.',
      labelNames: ['error_code', ...JOB_LABELS],
      registers,
    });
    this.failures = new Counter({
      name: 'validahub_job_failures_total',
      help: 'Jobs that ended FAILED, by error code.',
      labelNames: ['error_code', ...JOB_LABELS],
      registers,
    });
    this.needsOperator = new Counter({
      name: 'validahub_job_needs_operator_total',
      help: 'Failures whose message starts with CRITICAL: (the job.needs_operator log event); alert on any increase.',
      labelNames: ['error_code', ...JOB_LABELS],
      registers,
    });
  }

  onJobsChanged(changes: readonly JobLifecycleChange[]): void {
    for (const change of changes) this.count(change);
  }

  private count({ job, from }: JobLifecycleChange): void {
    if (from === job.status) return; // progress and heartbeats
    const labels = jobLabels(job);
    const errorCode = job.errorCode ?? 'UNKNOWN';
    this.statusChanges.inc({ status: job.status.toLowerCase(), ...labels });
    // Leaving QUEUED on the first attempt is the first start (a completion may overtake its start event).
    if (from === 'QUEUED' && job.attempt === 1 && job.startedAt)
      this.queueWait.observe(labels, seconds(job.createdAt, job.startedAt));
    if (TERMINAL.has(job.status) && job.startedAt && job.finishedAt)
      this.runTime.observe(
        { status: job.status.toLowerCase(), ...labels },
        seconds(job.startedAt, job.finishedAt),
      );
    if (job.status === 'RETRYING') this.retries.inc({ error_code: errorCode, ...labels });
    if (job.status === 'FAILED') this.failures.inc({ error_code: errorCode, ...labels });
    if (
      (job.status === 'RETRYING' || job.status === 'FAILED') &&
      job.error &&
      needsOperator({ message: job.error })
    )
      this.needsOperator.inc({ error_code: errorCode, ...labels });
  }
}
