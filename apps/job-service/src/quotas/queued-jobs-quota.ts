import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TenantIdentity } from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { DataSource, EntityManager } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { lockTenant, TENANT_LOCK } from './tenant-lock';

/** Jobs finish in seconds to minutes: a slot is usually free again soon. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The queued-jobs quota: a tenant may have at most its plan's number of unfinished (queued, running or
 * retrying) jobs. Counted in Postgres, where the jobs are, with a LIMIT so the count never reads more than
 * the limit's worth of the (user_id, status) index.
 */
@Injectable()
export class QueuedJobsQuota {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  /**
   * Runs `insert` in a transaction that first takes the tenant's quota lock and finds room, so concurrent
   * creates of one tenant are decided one after another and exactly the limit's worth are accepted. (One
   * tenant's creates therefore commit one at a time; other tenants are not held up.) A transaction that
   * admits jobs of several tenants must take their locks in tenant-id order.
   */
  admitting<T>(tenant: TenantIdentity, insert: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      await lockTenant(manager, TENANT_LOCK.queuedJobs, tenant.tenant_id);
      await this.assertRoom(tenant, manager);
      return insert(manager);
    });
  }

  /**
   * The same count without the lock, for a retry (which re-queues a job the state machine moves): two
   * retries racing at the limit may both pass, so the quota can be exceeded by the retries in flight.
   */
  async assertRoom(tenant: TenantIdentity, manager: EntityManager = this.db.manager): Promise<void> {
    const limit = this.config.quotas.plans[tenant.plan].queuedJobs;
    const [{ queued }]: { queued: number }[] = await manager.query(
      `SELECT count(*)::int AS queued FROM (
         SELECT 1 FROM jobs WHERE user_id = $1 AND status IN ('QUEUED', 'RUNNING', 'RETRYING') LIMIT $2
       ) AS unfinished`,
      [tenant.tenant_id, limit],
    );
    if (queued >= limit)
      throw new ApiException(
        'QUOTA_EXCEEDED',
        `Your plan allows ${limit} unfinished jobs; wait for some to finish (or cancel them) and retry.`,
        { quota: 'queued_jobs', limit, queued },
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
  }
}

/** True for the refusal above (a concurrent duplicate of an accepted request may meet it: a replay). */
export function isQueuedJobsQuotaRefusal(error: unknown): boolean {
  return (
    error instanceof ApiException &&
    error.code === 'QUOTA_EXCEEDED' &&
    error.details?.['quota'] === 'queued_jobs'
  );
}
