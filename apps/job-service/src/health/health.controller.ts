import { Controller, Get, HttpStatus, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import { QueueHealthResponse } from '@validahub/job-contracts/http';
import { ApiException, probe, ProbeStatus, PublicRoute } from '@validahub/http-kit';
import { PLAN_QUEUES } from '@validahub/job-domain';
import { QueueInspector } from '@validahub/queue';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { QueueStatsService } from '../stats/queue-stats.service';

export interface JobServiceReadiness {
  readonly status: 'ok' | 'error';
  readonly database: ProbeStatus;
  readonly queue: ProbeStatus;
}

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inspector: QueueInspector,
    private readonly stats: QueueStatsService,
  ) {}

  /**
   * Ready to serve when Postgres answers (503 otherwise). The queue is reported but does not decide:
   * with Redis down the service still accepts jobs into Postgres and dispatches them when Redis is back.
   */
  @PublicRoute()
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<JobServiceReadiness> {
    const [database, queue] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.inspector.ping()),
    ]);
    if (database !== 'up') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database === 'up' ? 'ok' : 'error', database, queue };
  }

  @Get(`${INTERNAL_API_PREFIX}/stats/queue`)
  queueStats(): Promise<QueueHealthResponse> {
    return this.stats.queueHealth();
  }

  /**
   * What the worker autoscaler reads (KEDA metrics-api trigger, `valueLocation: runnable`): runs a worker
   * could take right now, summed over the four plan queues, or over `queues` (comma-separated plan queue
   * names: one worker pool's, each pool scaling on its own queues).
   */
  @Get(`${INTERNAL_API_PREFIX}/stats/runnable`)
  runnable(@Query('queues') queues?: unknown): Promise<{ runnable: number; queues: Record<string, number> }> {
    if (queues === undefined) return this.stats.runnable();
    const known: string[] = Object.values(PLAN_QUEUES).map((q) => q.queue);
    const names = typeof queues === 'string' ? [...new Set(queues.split(','))] : [];
    if (names.length === 0 || names.some((n) => !known.includes(n))) {
      const message = `queues must be a comma-separated list of ${known.join(', ')}`;
      throw new ApiException('VALIDATION_FAILED', message, { fields: [{ field: 'queues', message }] });
    }
    return this.stats.runnable(names);
  }
}
