import { Injectable, Logger } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, JOB_REPORTS_STREAM } from '@validahub/job-contracts';
import { PLAN_QUEUES } from '@validahub/job-domain';
import { withTimeout } from '@validahub/promises';
import { QueueInspector, ReportStreamInspector } from '@validahub/queue';
import { MetricsRegistry } from '@validahub/telemetry';
import { Gauge } from 'prom-client';
import { JobEventRepository } from '../persistence/job-event.repository';
import { JobRepository } from '../persistence/job.repository';
import { cachedRead } from './cached-read';
import { JOB_LABELS, jobLabels } from './job-labels';

const CACHE_MS = 5_000;
const READ_TIMEOUT_MS = 2_000;
const QUEUES = [...Object.values(PLAN_QUEUES).map((q) => q.queue), JOB_EVENTS_QUEUE];

/** Job counts keyed by status, queue and task, as gauge values labelled with the plan as well. */
function setByStatusQueueTask(
  gauge: Gauge<'status' | (typeof JOB_LABELS)[number]>,
  rows: readonly { status: string; queue: string; task: string; count: number }[],
): void {
  for (const row of rows)
    gauge.set(
      { status: row.status.toLowerCase(), ...jobLabels({ queue: row.queue, taskName: row.task }) },
      row.count,
    );
}

/**
 * Gauges read when Prometheus scrapes: all jobs by status, queue, task and plan (the counters the history
 * trigger keeps, a few hundred rows at most), unfinished ones by the same labels (through a partial index),
 * and each queue's depth.
 * Reads are cached for a few seconds and bounded in time; one that fails leaves its gauge empty for that
 * scrape (an `absent()` alert notices) instead of failing the whole scrape.
 */
@Injectable()
export class JobStateGauges {
  private readonly logger = new Logger(JobStateGauges.name);

  constructor(
    private readonly registry: MetricsRegistry,
    events: JobEventRepository,
    jobs: JobRepository,
    inspector: QueueInspector,
    streams: ReportStreamInspector,
  ) {
    this.gauge(
      {
        name: 'validahub_jobs',
        help: 'All jobs by status, queue, task and plan (counted by the database trigger that writes the history).',
        labelNames: ['status', ...JOB_LABELS],
      },
      cachedRead(() => events.countsByQueueAndTask(), CACHE_MS),
      setByStatusQueueTask,
    );
    this.gauge(
      {
        name: 'validahub_jobs_unfinished',
        help: 'Queued, running and retrying jobs by status, queue, task and plan.',
        labelNames: ['status', ...JOB_LABELS],
      },
      cachedRead(() => jobs.countUnfinished(), CACHE_MS),
      setByStatusQueueTask,
    );
    this.gauge(
      {
        name: 'validahub_queue_depth',
        help: 'Messages waiting in each queue: runnable (waiting and prioritized) plus delayed; for the report stream, its unapplied reports.',
        labelNames: ['queue'],
      },
      cachedRead(() => Promise.all([inspector.depths(QUEUES), streams.length(JOB_REPORTS_STREAM)]), CACHE_MS),
      (gauge, [depths, reports]) => {
        for (const depth of depths) gauge.set({ queue: depth.queue }, depth.waiting + depth.delayed);
        gauge.set({ queue: JOB_REPORTS_STREAM }, reports);
      },
    );
  }

  private gauge<L extends string, T>(
    config: { name: string; help: string; labelNames: readonly L[] },
    read: () => Promise<T>,
    fill: (gauge: Gauge<L>, value: T) => void,
  ): void {
    const gauge: Gauge<L> = new Gauge({
      ...config,
      registers: [this.registry],
      collect: async () => {
        gauge.reset();
        try {
          fill(gauge, await withTimeout(read(), READ_TIMEOUT_MS, `reading ${config.name}`));
        } catch (error) {
          this.logger.warn({
            msg: 'a metric could not be read for this scrape',
            metric: config.name,
            err: error,
          });
        }
      },
    });
  }
}
