import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { TenantIdentity, UsageQuery, UsageResponse } from '@validahub/job-contracts/http';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequestRateGuard } from '../limits/request-rate.guard';
import { TOO_MANY_REQUESTS } from '../limits/request-rate-policy';
import { CurrentTenant } from '../auth/current-tenant.decorator';
import { JobServiceClient } from '../job-service-client/job-service.client';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('api/v1/usage')
@UseGuards(ApiKeyGuard, RequestRateGuard)
@ApiTooManyRequestsResponse({ description: TOO_MANY_REQUESTS })
export class UsageController {
  constructor(private readonly jobService: JobServiceClient) {}

  /** What the tenant's jobs finished in the period consumed, and what it costs by the configured price table. */
  @Get()
  @ApiOkResponse({ type: UsageResponse })
  async get(@CurrentTenant() tenant: TenantIdentity, @Query() query: UsageQuery): Promise<UsageResponse> {
    return (
      await this.jobService.internal<UsageResponse>('GET', 'usage', {
        tenantId: tenant.tenant_id,
        query: { ...query },
      })
    ).body;
  }
}
