import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QueueHealthResponse } from '@validahub/job-contracts/http';
import type { Response } from 'express';
import { JobServiceClient } from '../job-service-client/job-service.client';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly jobService: JobServiceClient) {}

  /** The platform is ready when the job-service answers and its database and queue are both reachable. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'error'; job_service: unknown }> {
    const probe = await this.jobService.probe('/health/ready');
    const body = probe.body as { database?: string; queue?: string } | null;
    const ok = probe.status === 200 && body?.database === 'up' && body.queue === 'up';
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', job_service: probe.status === 0 ? 'unreachable' : body };
  }

  /** The seed's queue health: job counts by status and the depth of each plan queue. */
  @Get('queue')
  @ApiOkResponse({ type: QueueHealthResponse })
  async queue(): Promise<QueueHealthResponse> {
    return (await this.jobService.internal<QueueHealthResponse>('GET', 'stats/queue')).body;
  }
}
