import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { probe, ProbeStatus } from '@validahub/http-kit';
import { QueueInspector } from '@validahub/queue';
import type { Response } from 'express';

@Controller('health')
export class HealthController {
  constructor(private readonly inspector: QueueInspector) {}

  /** Ready when the queue answers: without it the worker has nothing to do. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'error'; queue: ProbeStatus }> {
    const queue = await probe(() => this.inspector.ping());
    if (queue !== 'up') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: queue === 'up' ? 'ok' : 'error', queue };
  }
}
