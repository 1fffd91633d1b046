import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { QueueHealthIndicator } from '@validahub/http-kit';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly queue: QueueHealthIndicator,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when the queue answers (the worker has no other dependency it can check cheaply). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.queue.check()]);
  }
}
