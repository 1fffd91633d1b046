import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UsageQuery, UsageResponse } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { priceUsage } from './price-table';

const MAX_PERIOD_DAYS = 366;

const HOUR_MS = 3_600_000;

/**
 * Usage and cost of a tenant over a period of finished jobs (by finish time). Whole hours come from the
 * sums the database keeps per hour (`usage_by_hour`); only the partial hours at the two ends of the period
 * are summed from `jobs`, so the cost of a query does not grow with the number of jobs in the period.
 */
@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  private async sums(tenantId: string, from: Date, to: Date): Promise<Record<string, string>> {
    const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
    const lastHour = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
    // Within one hour boundary or less: everything from jobs (at most two hours of them).
    const [hoursFrom, hoursTo] = firstHour < lastHour ? [firstHour, lastHour] : [to, to];
    const [row] = (await this.db.query(
      `WITH edges AS (
         SELECT status, count(*) AS jobs, coalesce(sum(usage_cpu_ms), 0) AS cpu_ms,
           coalesce(sum(usage_rows), 0) AS rows, coalesce(sum(usage_bytes_read), 0) AS bytes_read,
           coalesce(sum(usage_bytes_written), 0) AS bytes_written
         FROM jobs
         WHERE user_id = $1 AND finished_at >= $2 AND finished_at < $5
           AND NOT (finished_at >= $3 AND finished_at < $4)
         GROUP BY status
       ), hours AS (
         SELECT status, sum(jobs) AS jobs, sum(cpu_ms) AS cpu_ms, sum(rows) AS rows,
           sum(bytes_read) AS bytes_read, sum(bytes_written) AS bytes_written
         FROM usage_by_hour WHERE tenant_id = $1 AND hour >= $3 AND hour < $4
         GROUP BY status
       ), sums AS (SELECT * FROM edges UNION ALL SELECT * FROM hours)
       SELECT coalesce(sum(jobs), 0) AS jobs,
              coalesce(sum(jobs) FILTER (WHERE status = 'SUCCEEDED'), 0) AS succeeded,
              coalesce(sum(jobs) FILTER (WHERE status = 'FAILED'), 0) AS failed,
              coalesce(sum(jobs) FILTER (WHERE status = 'CANCELLED'), 0) AS cancelled,
              coalesce(sum(cpu_ms), 0) AS cpu_ms, coalesce(sum(rows), 0) AS rows,
              coalesce(sum(bytes_read), 0) AS bytes_read, coalesce(sum(bytes_written), 0) AS bytes_written
       FROM sums`,
      [tenantId, from, hoursFrom, hoursTo, to],
    )) as Record<string, string>[];
    return row;
  }

  async forTenant(tenantId: string, query: UsageQuery, now = new Date()): Promise<UsageResponse> {
    const to = query.to ? new Date(query.to) : now;
    const from = query.from
      ? new Date(query.from)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
      const message = `the period must start before it ends and span at most ${MAX_PERIOD_DAYS} days`;
      throw new ApiException('VALIDATION_FAILED', message, { fields: [{ field: 'from', message }] });
    }
    const row = await this.sums(tenantId, from, to);
    const n = (key: string) => Number(row[key]);
    const usage = {
      succeeded: n('succeeded'),
      rows: n('rows'),
      cpuMs: n('cpu_ms'),
      bytesRead: n('bytes_read'),
    };
    const { lines, total } = priceUsage(usage, this.config.prices);
    return {
      tenant_id: tenantId,
      from: from.toISOString(),
      to: to.toISOString(),
      totals: {
        jobs: n('jobs'),
        succeeded: usage.succeeded,
        failed: n('failed'),
        cancelled: n('cancelled'),
        cpu_seconds: usage.cpuMs / 1000,
        rows: usage.rows,
        bytes_read: usage.bytesRead,
        bytes_written: n('bytes_written'),
      },
      cost: { currency: this.config.prices.currency, lines, total },
    };
  }
}
