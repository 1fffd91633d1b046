import { All, Controller, Req, Res } from '@nestjs/common';
import { PLAN_QUEUES_BY_PRIORITY } from '@validahub/job-domain';
import {
  INTERNAL_API_PREFIX,
  QUEUE_DASHBOARD_PATH,
  QUEUE_DASHBOARD_PUBLIC_PATH,
} from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { DashboardHandler, QueueDashboard } from '@validahub/queue';
import type { Request, Response } from 'express';

const MOUNT = `/${INTERNAL_API_PREFIX}/${QUEUE_DASHBOARD_PATH}`;

/**
 * The queue dashboard (bull-board) over the four plan queues, for the gateway to relay at `/admin/queues`.
 * Under the internal API, so the internal token guards it like every other internal route.
 */
@Controller(MOUNT)
export class QueueDashboardController {
  private readonly handler?: DashboardHandler;

  constructor(dashboard: QueueDashboard) {
    this.handler = dashboard.createHandler({
      queues: PLAN_QUEUES_BY_PRIORITY.map((plan) => plan.queue),
      basePath: QUEUE_DASHBOARD_PUBLIC_PATH,
      title: 'ValidaHub queues',
    });
  }

  @All(['', '*path'])
  serve(@Req() request: Request, @Res() response: Response): Promise<void> {
    const handler = this.handler;
    if (!handler)
      throw new ApiException(
        'QUEUE_DASHBOARD_UNAVAILABLE',
        'The queue dashboard shows Redis queues; this platform runs on the in-memory queue (set REDIS_URL).',
      );
    // bull-board routes from its own root: hand it the path below the mount point, query included.
    const below = request.originalUrl.slice(MOUNT.length);
    request.url = below.startsWith('/') ? below : `/${below}`;
    return new Promise((resolve, reject) => {
      response.once('close', () => resolve());
      handler(request, response, (error) =>
        reject(error ?? new ApiException('NOT_FOUND', 'The queue dashboard has no such page.')),
      );
    });
  }
}
