import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobStatus } from '@validahub/job-domain';

export interface JobEventRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly type: string;
  readonly attempt: number;
  readonly status: JobStatus;
  readonly progress: number;
  readonly message: string | null;
  readonly error_code: string | null;
  readonly data: Record<string, unknown>;
  readonly at: Date;
}

export interface JobCount {
  readonly status: JobStatus;
  readonly queue: string;
  readonly task: string;
  readonly count: number;
}

/** Reads the history the `jobs_history_and_counts` trigger writes, and its status counters. */
@Injectable()
export class JobEventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A job's events after `afterId` (exclusive), oldest first (ordered by the bigint, not its text form). */
  after(jobId: string, afterId: string, limit: number): Promise<JobEventRow[]> {
    return this.db.query(
      `SELECT id::text AS id, tenant_id, type, attempt, status, progress, message, error_code, data, at
       FROM job_events WHERE job_id = $1 AND job_events.id > $2 ORDER BY job_events.id LIMIT $3`,
      [jobId, afterId, limit],
    );
  }

  /** All jobs by status (for `/health/queue`): a sum over the counter rows, never a count of `jobs`. */
  async statusCounts(): Promise<Partial<Record<JobStatus, number>>> {
    const rows: { status: JobStatus; count: string }[] = await this.db.query(
      'SELECT status, sum(count)::bigint AS count FROM job_status_counts GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  /** All jobs by status, queue and task: the counters summed over their shards. */
  async countsByQueueAndTask(): Promise<JobCount[]> {
    const rows: (Omit<JobCount, 'count'> & { count: string })[] = await this.db.query(
      'SELECT status, queue, task, sum(count)::bigint AS count FROM job_status_counts GROUP BY status, queue, task',
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
