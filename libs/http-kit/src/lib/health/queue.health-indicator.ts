import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { QueueInspector } from '@validahub/queue';
import { withTimeout } from './with-timeout';

/** Up when the queue broker answers a ping within the timeout. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly inspector: QueueInspector,
  ) {}

  async check(key = 'queue', timeoutMs = 2_000): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.inspector.ping(), timeoutMs, 'queue ping');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
