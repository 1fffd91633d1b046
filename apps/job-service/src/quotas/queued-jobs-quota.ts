import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';

/** Jobs finish in seconds to minutes: a slot is usually free again soon. */
const RETRY_AFTER_SECONDS = 5;

/** The SQLSTATE `admit_unfinished_job` raises at the limit (migration …-unfinished-jobs-admission). */
const QUOTA_SQLSTATE = 'VH429';

/**
 * The queued-jobs quota: a tenant may have at most its plan's number of unfinished (queued, running or
 * retrying) jobs. A create is admitted by the statement that inserts it (JobRepository.insertIfAbsent), exact
 * under concurrency; this class gives it the limit and turns its refusal into the API's.
 */
@Injectable()
export class QueuedJobsQuota {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  limitFor(tenant: TenantIdentity): number {
    return this.config.quotas.plans[tenant.plan].queuedJobs;
  }

  /** The 429 for the database's refusal of a create, or undefined for any other error. */
  refusal(error: unknown): ApiException | undefined {
    const driverError = (error as { code?: unknown; detail?: unknown } | undefined) ?? {};
    if (driverError.code !== QUOTA_SQLSTATE || typeof driverError.detail !== 'string') return undefined;
    const { limit, queued } = JSON.parse(driverError.detail) as { limit: number; queued: number };
    return this.exceeded(limit, queued);
  }

  /**
   * The same count for a retry, which re-queues a job through the lifecycle's compare-and-set rather than
   * an insert: without the lock, so retries racing at the limit may pass it together.
   */
  async assertRoom(tenant: TenantIdentity): Promise<void> {
    const limit = this.limitFor(tenant);
    const [{ queued }]: { queued: number }[] = await this.db.query(
      `SELECT count(*)::int AS queued FROM (
         SELECT 1 FROM jobs WHERE user_id = $1 AND status IN ('QUEUED', 'RUNNING', 'RETRYING') LIMIT $2
       ) AS unfinished`,
      [tenant.tenant_id, limit],
    );
    if (queued >= limit) throw this.exceeded(limit, queued);
  }

  private exceeded(limit: number, queued: number): ApiException {
    return new ApiException(
      'QUOTA_EXCEEDED',
      `Your plan allows ${limit} unfinished jobs; wait for some to finish (or cancel them) and retry.`,
      { quota: 'queued_jobs', limit, queued },
      { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    );
  }
}
