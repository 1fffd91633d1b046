import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { INTERNAL_API_PREFIX, QueueHealthResponse } from '@validahub/job-contracts';
import { QueueHealthIndicator } from '@validahub/http-kit';
import { QueueStatsService } from '../stats/queue-stats.service';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
    private readonly stats: QueueStatsService,
  ) {}

  /** The process is up (no dependency checks: a dead database must not restart every pod). */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: Postgres and the queue answer. 503 otherwise. */
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.queue.check(),
    ]);
  }

  @Get(`${INTERNAL_API_PREFIX}/stats/queue`)
  queueStats(): Promise<QueueHealthResponse> {
    return this.stats.queueHealth();
  }
}
