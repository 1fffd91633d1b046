import { JobId } from '@validahub/http-kit';
import { Controller, Get, Headers, Param, Query, Res, UseGuards } from '@nestjs/common';
import { INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import { JobEventListResponse, ListJobEventsQuery, TenantIdentity } from '@validahub/job-contracts/http';
import type { Response } from 'express';
import { JobQueriesService } from '../jobs/job-queries.service';
import { JobEventRepository } from '../persistence/job-event.repository';
import { CurrentTenant } from '../tenants/current-tenant.decorator';
import { TenantGuard } from '../tenants/tenant.guard';
import { JobEventStream } from './job-event-stream';
import { toJobEventView } from './job-event-view';

const DEFAULT_PAGE = 100;

/** A job's telemetry events: as a page, or as a live stream. */
@Controller(`${INTERNAL_API_PREFIX}/jobs`)
@UseGuards(TenantGuard)
export class JobHistoryController {
  constructor(
    private readonly jobs: JobQueriesService,
    private readonly events: JobEventRepository,
    private readonly stream: JobEventStream,
  ) {}

  @Get(':id/events')
  async list(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Query() query: ListJobEventsQuery,
  ): Promise<JobEventListResponse> {
    await this.jobs.get(tenant.tenant_id, id);
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.events.after(id, query.after ?? '0', limit);
    return {
      items: rows.map((row) => toJobEventView(id, row)),
      next_after: rows.length === limit ? rows[rows.length - 1].id : null,
    };
  }

  @Get(':id/stream')
  async live(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.jobs.get(tenant.tenant_id, id);
    await this.stream.serve(id, lastEventId && /^\d{1,18}$/.test(lastEventId) ? lastEventId : '0', res);
  }
}
