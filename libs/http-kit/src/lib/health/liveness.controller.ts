import { Controller, Get } from '@nestjs/common';
import { PublicRoute } from '../public-route';

/** `GET /health/live` on every service: the process is up. Readiness is each service's own. */
@PublicRoute()
@Controller('health')
export class LivenessController {
  // No dependency checks: a dead database or Redis must not make Kubernetes restart every pod.
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
