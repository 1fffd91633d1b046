import { pipeline } from 'node:stream/promises';
import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QUEUE_DASHBOARD_PATH, QUEUE_DASHBOARD_PUBLIC_PATH } from '@validahub/job-contracts';
import type { Request, Response } from 'express';
import { ApiException } from '@validahub/http-kit';
import { JobServiceClient } from '../job-service-client/job-service.client';
import { DashboardAuthGuard } from './dashboard-auth.guard';

// What a page, a script or an API answer needs on the way through. Only identity encoding is asked for
// (no accept-encoding is passed), and the body streams through as it comes, so no content-length either.
const REQUEST_HEADERS = ['accept', 'if-none-match', 'if-modified-since'];
const RESPONSE_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified'];

/**
 * The queue dashboard (bull-board, served by the job-service that owns the queue connection) at
 * `/admin/queues`, behind the admin credential; the gateway stays free of Redis.
 */
@ApiExcludeController()
@Controller(QUEUE_DASHBOARD_PUBLIC_PATH)
@UseGuards(DashboardAuthGuard)
export class QueueDashboardController {
  constructor(private readonly jobService: JobServiceClient) {}

  @All(['', '*path'])
  async relay(@Req() request: Request, @Res() response: Response): Promise<void> {
    const below = dashboardSubpath(request.originalUrl.slice(QUEUE_DASHBOARD_PUBLIC_PATH.length));
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = request.header(name);
      if (value) headers[name] = value;
    }
    const hasBody = request.body !== undefined && Object.keys(request.body as object).length > 0;
    const upstream = await this.jobService.forward(request.method, `${QUEUE_DASHBOARD_PATH}${below}`, {
      headers,
      body: hasBody ? request.body : undefined,
    });
    response.status(upstream.status);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.header(name);
      if (value) response.setHeader(name, value);
    }
    // A browser leaving mid-download is not an error worth a log line; the socket just closes.
    await pipeline(upstream.body, response).catch(() => response.destroy());
  }
}

/**
 * The part of the URL below the dashboard, as it will be forwarded: only plain segments. One that decodes
 * to `.` or `..`, or hides a slash or backslash, would walk out of the dashboard once the URL is resolved,
 * into internal routes the admin credential was never meant to reach: 404.
 */
export function dashboardSubpath(below: string): string {
  const queryAt = below.indexOf('?');
  const path = queryAt < 0 ? below : below.slice(0, queryAt);
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = '..';
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded))
      throw new ApiException('NOT_FOUND', 'The queue dashboard has no such page.');
  }
  return below;
}
