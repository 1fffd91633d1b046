import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CreateTenantRequest, CreateTenantResponse } from '@validahub/job-contracts';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { JobServiceClient } from '../job-service-client/job-service.client';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/tenants')
@UseGuards(AdminTokenGuard)
export class TenantsController {
  constructor(private readonly jobService: JobServiceClient) {}

  /** Creates a tenant and returns its API key, once. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreateTenantResponse })
  async create(@Body() body: CreateTenantRequest): Promise<CreateTenantResponse> {
    return (await this.jobService.internal<CreateTenantResponse>('POST', 'tenants', { body })).body;
  }
}
