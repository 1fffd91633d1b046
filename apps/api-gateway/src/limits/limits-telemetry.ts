import { Injectable, Logger } from '@nestjs/common';
import { Plan } from '@validahub/job-domain';
import { MetricsRegistry } from '@validahub/telemetry';
import { Counter } from 'prom-client';

export type GatewayLimit = 'requests' | 'streams';

const WARN_EVERY_MS = 10_000;

/** What the gateway's limits did: refusals, and requests let through because the counters were unreachable. */
@Injectable()
export class LimitsTelemetry {
  private readonly logger = new Logger('Limits');
  private readonly refusals: Counter<'limit' | 'plan'>;
  private readonly storeErrors: Counter<'limit'>;
  private lastWarning = 0;
  private unwarned = 0;

  constructor(registry: MetricsRegistry) {
    this.refusals = new Counter({
      name: 'validahub_rate_limit_refusals_total',
      help: 'Requests the gateway refused with 429 for a limit of the tenant’s plan.',
      labelNames: ['limit', 'plan'],
      registers: [registry],
    });
    this.storeErrors = new Counter({
      name: 'validahub_rate_limit_store_errors_total',
      help: 'Requests let through unlimited because the rate-limit store (Redis) could not be reached.',
      labelNames: ['limit'],
      registers: [registry],
    });
  }

  refused(limit: GatewayLimit, plan: Plan): void {
    this.refusals.inc({ limit, plan });
  }

  /** Fail open: counted every time, logged at most once per 10 s with how many went unlogged. */
  failedOpen(limit: GatewayLimit, error: unknown): void {
    this.storeErrors.inc({ limit });
    this.unwarned++;
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.logger.warn({
      msg: 'rate-limit store unreachable: requests let through without limits',
      limit,
      requests: this.unwarned,
      err: error,
    });
    this.lastWarning = Date.now();
    this.unwarned = 0;
  }
}
