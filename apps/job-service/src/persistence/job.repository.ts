import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobStatus } from '@validahub/job-domain';
import { JobEntity } from './job.entity';

/** Column changes for a compare-and-set; a function value is raw SQL (e.g. `GREATEST(progress, :p)`). */
export type JobChanges = { [K in keyof JobEntity]?: JobEntity[K] | (() => string) };

export interface ListCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const UNFINISHED: JobStatus[] = ['QUEUED', 'RUNNING', 'RETRYING'];

/** All SQL about jobs. Status changes only through `compareAndSet`, which the state machine drives. */
@Injectable()
export class JobRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts unless the tenant already has a job with this idempotency key; the unique index makes that
   * decision atomic, so concurrent duplicates create exactly one job.
   */
  async insertIfAbsent(job: JobEntity, manager: EntityManager = this.db.manager): Promise<JobEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(JobEntity)
      .values(job as QueryDeepPartialEntity<JobEntity>)
      .orIgnore()
      .returning('*')
      .execute();
    const raw = (result.raw as ObjectLiteral[])[0];
    return raw ? this.hydrate(raw) : null;
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.db.getRepository(JobEntity).findOneBy({ id });
  }

  findForTenant(tenantId: string, id: string): Promise<JobEntity | null> {
    return this.db.getRepository(JobEntity).findOneBy({ id, tenantId });
  }

  findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<JobEntity | null> {
    return this.db.getRepository(JobEntity).findOneBy({ tenantId, idempotencyKey });
  }

  /** A tenant's jobs, newest first, after `cursor` (keyset pagination: stable under concurrent inserts). */
  list(
    tenantId: string,
    options: { status?: JobStatus; limit: number; cursor?: ListCursor },
  ): Promise<JobEntity[]> {
    const query = this.db
      .getRepository(JobEntity)
      .createQueryBuilder('job')
      .where('job.tenantId = :tenantId', { tenantId })
      .orderBy('job.createdAt', 'DESC')
      .addOrderBy('job.id', 'DESC')
      .limit(options.limit);
    if (options.status) query.andWhere('job.status = :status', { status: options.status });
    if (options.cursor) {
      query.andWhere('(job.createdAt, job.id) < (:cursorCreatedAt, :cursorId)', {
        cursorCreatedAt: options.cursor.createdAt,
        cursorId: options.cursor.id,
      });
    }
    return query.getMany();
  }

  /**
   * Applies `changes` only if the job is still in `expected` status and attempt; returns the updated job,
   * or null when someone else changed it first (the caller re-reads and decides again).
   */
  async compareAndSet(
    id: string,
    expected: { status: JobStatus; attempt: number },
    changes: JobChanges,
    parameters: ObjectLiteral = {},
    manager: EntityManager = this.db.manager,
  ): Promise<JobEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(JobEntity)
      .set({ ...changes, updatedAt: () => 'now()' } as never)
      .where('id = :id AND status = :expectedStatus AND attempt = :expectedAttempt', {
        ...parameters,
        id,
        expectedStatus: expected.status,
        expectedAttempt: expected.attempt,
      })
      .returning('*')
      .execute();
    const raw = (result.raw as ObjectLiteral[])[0];
    return raw ? this.hydrate(raw) : null;
  }

  /**
   * Locks up to `limit` jobs that are due for dispatch (skipping rows other replicas hold), hands them to
   * `publish`, and marks the ones it confirms as dispatched, all in one transaction: a crash before the
   * commit leaves them to dispatch again (the queue dedupes by message id).
   */
  async dispatchDue(limit: number, publish: (jobs: JobEntity[]) => Promise<JobEntity[]>): Promise<number> {
    return this.db.transaction(async (manager) => {
      const due = await manager
        .getRepository(JobEntity)
        .createQueryBuilder('job')
        .where("job.status IN ('QUEUED', 'RETRYING')")
        .andWhere('job.dispatchedAttempt < job.attempt')
        .andWhere('(job.nextAttemptAt IS NULL OR job.nextAttemptAt <= now())')
        .orderBy('job.priority', 'DESC')
        .addOrderBy('job.createdAt', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length === 0) return 0;
      const published = await publish(due);
      for (const job of published) {
        await manager
          .createQueryBuilder()
          .update(JobEntity)
          .set({ dispatchedAttempt: job.attempt, dispatchedAt: () => 'now()', queueJobId: job.queueJobId })
          .where('id = :id AND attempt = :attempt', { id: job.id, attempt: job.attempt })
          .execute();
      }
      return published.length;
    });
  }

  /**
   * Up to `limit` unfinished jobs that went quiet (running without a heartbeat, or dispatched but never
   * started), in id order after `afterId`: callers walk them all page by page, however many there are,
   * instead of seeing the same first page every time.
   */
  findQuiet(olderThanMs: number, limit: number, afterId?: string): Promise<JobEntity[]> {
    const query = this.db
      .getRepository(JobEntity)
      .createQueryBuilder('job')
      .where('job.status IN (:...statuses)', { statuses: UNFINISHED })
      .andWhere(
        `((job.status = 'RUNNING' AND COALESCE(job.heartbeatAt, job.startedAt, job.updatedAt) < now() - make_interval(secs => :secs))
          OR (job.status IN ('QUEUED', 'RETRYING') AND job.dispatchedAttempt = job.attempt AND job.dispatchedAt < now() - make_interval(secs => :secs)))`,
        { secs: olderThanMs / 1000 },
      )
      .orderBy('job.id', 'ASC')
      .limit(limit);
    if (afterId) query.andWhere('job.id > :afterId', { afterId });
    return query.getMany();
  }

  /** Makes a dispatched-but-lost attempt eligible for dispatch again. */
  async markUndispatched(id: string, attempt: number): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(JobEntity)
      .set({ dispatchedAttempt: attempt - 1, updatedAt: () => 'now()' })
      .where(
        "id = :id AND attempt = :attempt AND dispatched_attempt = :attempt AND status IN ('QUEUED', 'RETRYING')",
        { id, attempt },
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Unfinished jobs by status, queue and task (read through the partial index `jobs_unfinished`). */
  async countUnfinished(): Promise<{ status: JobStatus; queue: string; task: string; count: number }[]> {
    const rows: { status: JobStatus; queue: string; task: string; count: string }[] = await this.db.query(
      `SELECT status, queue, task_name AS task, count(*) AS count FROM jobs
       WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING') GROUP BY status, queue, task_name`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  private hydrate(raw: ObjectLiteral): JobEntity {
    const metadata = this.db.getMetadata(JobEntity);
    const job = metadata.create() as JobEntity;
    for (const column of metadata.columns) {
      column.setEntityValue(job, this.db.driver.prepareHydratedValue(raw[column.databaseName], column));
    }
    return job;
  }
}
