import { Injectable, Logger } from '@nestjs/common';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { ConcurrencyLimiter } from '@validahub/rate-limit';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { LimitsTelemetry } from './limits-telemetry';

/** A stream holds its slot until it ends; the stream ends whatever releasing does. */
export interface StreamSlot {
  release(): void;
}

/** Streams end as their jobs finish: a free slot is usually seconds away. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Live event streams a tenant may hold open at once, across every gateway replica. Refused past the plan's
 * limit with 429 QUOTA_EXCEEDED; let through (fail open) when the counters cannot be reached.
 */
@Injectable()
export class StreamSlots {
  private readonly logger = new Logger(StreamSlots.name);

  constructor(
    private readonly limiter: ConcurrencyLimiter,
    private readonly config: ApiGatewayConfig,
    private readonly telemetry: LimitsTelemetry,
  ) {}

  async take(tenant: TenantIdentity): Promise<StreamSlot> {
    const limit = this.config.limits.plans[tenant.plan].concurrentStreams;
    let lease;
    try {
      lease = await this.limiter.tryAcquire(`streams:${tenant.tenant_id}`, limit);
    } catch (error) {
      this.telemetry.failedOpen('streams', error);
      return { release: () => undefined };
    }
    if (!lease) {
      this.telemetry.refused('streams', tenant.plan);
      throw new ApiException(
        'QUOTA_EXCEEDED',
        `Your plan allows ${limit} live event streams at once; close one, or poll GET /api/v1/jobs/{id}.`,
        { quota: 'concurrent_streams', limit },
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    return {
      release: () =>
        void lease.release().catch((error: unknown) =>
          this.logger.warn({
            msg: 'could not release a stream slot; it expires with its lease',
            err: error,
          }),
        ),
    };
  }
}
