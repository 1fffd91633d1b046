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
  Req,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiTooManyRequestsResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ARTIFACT_NAMES, ArtifactName, ArtifactRef } from '@validahub/job-contracts';
import {
  CancelJobResponse,
  CreateJobRequest,
  JobEventListResponse,
  JobListResponse,
  ListJobEventsQuery,
  JobResponse,
  ListJobsQuery,
  TenantIdentity,
} from '@validahub/job-contracts/http';
import { ArtifactNameParam, JobId } from '@validahub/http-kit';
import { ObjectStorage } from '@validahub/storage';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequestRateGuard } from '../limits/request-rate.guard';
import { TOO_MANY_REQUESTS } from '../limits/request-rate-policy';
import { CurrentTenant } from '../auth/current-tenant.decorator';
import { JobServiceClient } from '../job-service-client/job-service.client';
import { StreamSlots } from '../limits/stream-slots';

const segment = encodeURIComponent;

/** The public jobs API: validated here, executed by the job-service. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
@UseGuards(ApiKeyGuard, RequestRateGuard)
@ApiTooManyRequestsResponse({ description: TOO_MANY_REQUESTS })
export class JobsController {
  constructor(
    private readonly jobService: JobServiceClient,
    private readonly storage: ObjectStorage,
    private readonly streams: StreamSlots,
  ) {}

  @Post()
  @ApiAcceptedResponse({
    type: JobResponse,
    description: 'Accepted. An idempotent replay answers 200 with the existing job.',
  })
  async create(
    @CurrentTenant() tenant: TenantIdentity,
    @Body() body: CreateJobRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobResponse> {
    const answer = await this.jobService.internal<JobResponse>('POST', 'jobs', {
      tenantId: tenant.tenant_id,
      body,
    });
    res.status(answer.status);
    return answer.body;
  }

  @Get()
  @ApiOkResponse({ type: JobListResponse })
  async list(
    @CurrentTenant() tenant: TenantIdentity,
    @Query() query: ListJobsQuery,
  ): Promise<JobListResponse> {
    return (
      await this.jobService.internal<JobListResponse>('GET', 'jobs', {
        tenantId: tenant.tenant_id,
        query: { ...query },
      })
    ).body;
  }

  @Get(':id')
  @ApiOkResponse({ type: JobResponse })
  async get(@CurrentTenant() tenant: TenantIdentity, @Param('id', JobId) id: string): Promise<JobResponse> {
    return (
      await this.jobService.internal<JobResponse>('GET', `jobs/${segment(id)}`, {
        tenantId: tenant.tenant_id,
      })
    ).body;
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: CancelJobResponse })
  async cancel(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
  ): Promise<CancelJobResponse> {
    return (
      await this.jobService.internal<CancelJobResponse>('DELETE', `jobs/${segment(id)}`, {
        tenantId: tenant.tenant_id,
      })
    ).body;
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobResponse })
  async retry(@CurrentTenant() tenant: TenantIdentity, @Param('id', JobId) id: string): Promise<JobResponse> {
    return (
      await this.jobService.internal<JobResponse>('POST', `jobs/${segment(id)}/retry`, {
        tenantId: tenant.tenant_id,
      })
    ).body;
  }

  @Get(':id/events')
  @ApiOkResponse({ type: JobEventListResponse, description: 'The job’s telemetry events, oldest first.' })
  async events(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Query() query: ListJobEventsQuery,
  ): Promise<JobEventListResponse> {
    return (
      await this.jobService.internal<JobEventListResponse>('GET', `jobs/${segment(id)}/events`, {
        tenantId: tenant.tenant_id,
        query: { ...query },
      })
    ).body;
  }

  /**
   * Server-Sent Events: each event of the job as it happens, ending after the terminal one. Reconnect with
   * `Last-Event-ID` to resume. Relayed from the job-service, which reads them from the shared history, so
   * any gateway replica can serve any stream. Each open stream holds one of the tenant's stream slots
   * until it ends.
   */
  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id (what the browser sends on reconnect).',
  })
  @ApiOkResponse({
    description: 'text/event-stream of job events (`id`, `event` = type, `data` = the event as JSON).',
  })
  async stream(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const slot = await this.streams.take(tenant);
    const upstream = new AbortController();
    // The response closes when the client goes away (the request's own 'close' fires once it is read), and
    // after any answer, an error included.
    res.on('close', () => {
      upstream.abort();
      slot.release();
    });
    const answer = await this.jobService.openStream(`jobs/${segment(id)}/stream`, {
      tenantId: tenant.tenant_id,
      lastEventId,
      signal: upstream.signal,
    });
    res.writeHead(200, {
      'content-type': answer.header('content-type') ?? 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    try {
      for await (const chunk of answer.body) res.write(chunk);
    } catch {
      // The client or the job-service went away: nothing more to relay.
    } finally {
      res.end();
    }
  }

  @Get(':id/artifacts/:name')
  @ApiParam({ name: 'name', enum: ARTIFACT_NAMES })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The artifact, streamed.' })
  async artifact(
    @CurrentTenant() tenant: TenantIdentity,
    @Param('id', JobId) id: string,
    @Param('name', ArtifactNameParam) name: ArtifactName,
  ): Promise<StreamableFile> {
    const { body: artifact } = await this.jobService.internal<ArtifactRef>(
      'GET',
      `jobs/${segment(id)}/artifacts/${segment(name)}`,
      {
        tenantId: tenant.tenant_id,
      },
    );
    return new StreamableFile(await this.storage.open(artifact.key), {
      type: artifact.contentType,
      length: artifact.size,
      disposition: `attachment; filename="${id}-${artifact.name}"`,
    });
  }
}
