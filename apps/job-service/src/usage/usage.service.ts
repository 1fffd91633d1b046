import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UsageQuery, UsageResponse } from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { priceUsage } from './price-table';

const MAX_PERIOD_DAYS = 366;

/** Usage and cost of a tenant over a period of finished jobs (by finish time). */
@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  async forTenant(tenantId: string, query: UsageQuery, now = new Date()): Promise<UsageResponse> {
    const to = query.to ? new Date(query.to) : now;
    const from = query.from
      ? new Date(query.from)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
      const message = `the period must start before it ends and span at most ${MAX_PERIOD_DAYS} days`;
      throw new ApiException('VALIDATION_FAILED', message, { fields: [{ field: 'from', message }] });
    }
    const [row] = (await this.db.query(
      `SELECT count(*) AS jobs,
              count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
              count(*) FILTER (WHERE status = 'FAILED') AS failed,
              count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
              coalesce(sum(usage_cpu_ms), 0) AS cpu_ms,
              coalesce(sum(usage_rows), 0) AS rows,
              coalesce(sum(usage_bytes_read), 0) AS bytes_read,
              coalesce(sum(usage_bytes_written), 0) AS bytes_written
       FROM jobs WHERE user_id = $1 AND finished_at >= $2 AND finished_at < $3`,
      [tenantId, from, to],
    )) as Record<string, string>[];
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
