import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { InputSweeper, InputSweepReport } from '../uploads/input-sweeper';

export interface CleanupReport extends InputSweepReport {
  readonly older_than: string;
  readonly jobs_deleted: number;
  readonly events_deleted: number;
  readonly artifact_folders_deleted: number;
  /** Delete transactions that removed jobs (each at most CLEANUP_BATCH_SIZE). */
  readonly batches: number;
  readonly duration_ms: number;
}

/**
 * Retention: deletes finished jobs older than JOB_RETENTION_DAYS with their events and artifacts, in small
 * batches (each its own short transaction, rows locked with SKIP LOCKED), so the table is never locked and
 * the API keeps working during a sweep; then uploaded inputs past INPUT_RETENTION_DAYS (InputSweeper).
 * Runs every CLEANUP_INTERVAL_MS, and on demand from the admin API.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<CleanupReport>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: ObjectStorage,
    private readonly config: JobServiceConfig,
    private readonly inputs: InputSweeper,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.sweep().catch((error) => this.logger.warn({ msg: 'retention sweep failed', err: error })),
      this.config.retention.intervalMs,
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep (a sweep already under way is joined, not doubled). */
  sweep(now = new Date()): Promise<CleanupReport> {
    this.running ??= this.run(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: Date): Promise<CleanupReport> {
    const started = Date.now();
    const cutoff = new Date(now.getTime() - this.config.retention.days * 86_400_000);
    let jobs = 0;
    let events = 0;
    let folders = 0;
    let batches = 0;
    for (;;) {
      const batch = await this.deleteBatch(cutoff);
      if (batch.jobs.length > 0) batches++;
      jobs += batch.jobs.length;
      events += batch.events;
      for (const job of batch.jobs) {
        // After the commit: a folder left behind by a failure here is only space, never a dangling job.
        await this.storage.deletePrefix(objectKeys.jobOf(job.user_id, job.id)).then(
          () => folders++,
          (error) =>
            this.logger.warn({ msg: 'could not delete a job’s artifacts', job_id: job.id, err: error }),
        );
      }
      if (batch.jobs.length < this.config.retention.batchSize) break;
    }
    const inputs = await this.inputs.sweep(now);
    const report = {
      older_than: cutoff.toISOString(),
      jobs_deleted: jobs,
      events_deleted: events,
      artifact_folders_deleted: folders,
      batches,
      ...inputs,
      duration_ms: Date.now() - started,
    };
    if (jobs > 0 || inputs.inputs_deleted > 0 || inputs.orphan_inputs_deleted > 0)
      this.logger.log({ msg: 'retention sweep', ...report });
    return report;
  }

  private deleteBatch(cutoff: Date): Promise<{ jobs: { id: string; user_id: string }[]; events: number }> {
    return this.db.transaction(async (manager) => {
      const jobs: { id: string; user_id: string }[] = await manager.query(
        `SELECT id, user_id FROM jobs
         WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND finished_at < $1
         ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cutoff, this.config.retention.batchSize],
      );
      if (jobs.length === 0) return { jobs, events: 0 };
      const ids = jobs.map((j) => j.id);
      const deletedEvents: unknown[] = await manager
        .query('DELETE FROM job_events WHERE job_id = ANY($1) RETURNING 1', [ids])
        .then(([rows]) => rows);
      await manager.query('DELETE FROM jobs WHERE id = ANY($1)', [ids]);
      return { jobs, events: deletedEvents.length };
    });
  }
}
