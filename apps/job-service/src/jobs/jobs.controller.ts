import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { ArtifactName, ArtifactRef, CORRELATION_HEADER, INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import {
  CancelJobResponse,
  CreateJobRequest,
  JobListResponse,
  JobResponse,
  ListJobsQuery,
  TenantIdentity,
} from '@validahub/job-contracts/http';
import { ArtifactNameParam, JobId } from '@validahub/http-kit';
import { CurrentTenant } from '../tenants/current-tenant.decorator';
import { TenantGuard } from '../tenants/tenant.guard';
import { JobCommandsService } from './job-commands.service';
import { JobQueriesService } from './job-queries.service';
import { toJobResponse } from './job-view';

/** The internal jobs API; the gateway calls it with the authenticated tenant in a header. */
@Controller(`${INTERNAL_API_PREFIX}/jobs`)
@UseGuards(TenantGuard)
export class JobsController {
  constructor(
    private readonly commands: JobCommandsService,
    private readonly queries: JobQueriesService,
  ) {}

  @Post()
  async create(
    @CurrentTenant() tenant: TenantIdentity,
    @Body() body: CreateJobRequest,
    @Headers(CORRELATION_HEADER) correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobResponse> {
    const { job, created } = await this.commands.create(tenant, body, correlationId);
    // 202: accepted for processing; 200: an idempotent replay of an earlier request.
    res.status(created ? 202 : 200);
    return toJobResponse(job);
  }

  @Get()
  list(@CurrentTenant() tenant: TenantIdentity, @Query() query: ListJobsQuery): Promise<JobListResponse> {
    return this.queries.list(tenant.tenant_id, query);
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: TenantIdentity, @Param('id', JobId) id: string): Promise<JobResponse> {
    const job = await this.queries.get(tenant.tenant_id, id);
    return { ...toJobResponse(job), ...(await this.queries.waitingFor(job)) };
  }

  @Delete(':id')
  @HttpCode(200)
  cancel(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
  ): Promise<CancelJobResponse> {
    return this.commands.cancel(tenant.tenant_id, id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  async retry(@CurrentTenant() tenant: TenantIdentity, @Param('id', JobId) id: string): Promise<JobResponse> {
    return toJobResponse(await this.commands.retry(tenant, id));
  }

  @Get(':id/artifacts/:name')
  artifact(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Param('name', ArtifactNameParam) name: ArtifactName,
  ): Promise<ArtifactRef> {
    return this.queries.artifact(tenant.tenant_id, id, name);
  }
}
