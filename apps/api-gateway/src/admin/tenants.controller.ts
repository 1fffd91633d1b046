import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiKeyListResponse,
  CreateApiKeyResponse,
  CreateTenantRequest,
  CreateTenantResponse,
} from '@validahub/job-contracts/http';
import { ApiKeyId, TenantId } from '@validahub/http-kit';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { JobServiceClient } from '../job-service-client/job-service.client';

const segment = encodeURIComponent;

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/tenants')
@UseGuards(AdminTokenGuard)
export class TenantsController {
  constructor(private readonly jobService: JobServiceClient) {}

  /** Creates a tenant and returns its first API key, once. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreateTenantResponse })
  async create(@Body() body: CreateTenantRequest): Promise<CreateTenantResponse> {
    return (await this.jobService.internal<CreateTenantResponse>('POST', 'tenants', { body })).body;
  }

  /** Issues another API key for the tenant (its other keys keep working), returned once. */
  @Post(':tenant_id/api-keys')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreateApiKeyResponse })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  async issueKey(@Param('tenant_id', TenantId) tenantId: string): Promise<CreateApiKeyResponse> {
    return (
      await this.jobService.internal<CreateApiKeyResponse>('POST', `tenants/${segment(tenantId)}/api-keys`)
    ).body;
  }

  /** The tenant's keys, revoked ones included: ids and times, never the keys nor their hashes. */
  @Get(':tenant_id/api-keys')
  @ApiOkResponse({ type: ApiKeyListResponse })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  async listKeys(@Param('tenant_id', TenantId) tenantId: string): Promise<ApiKeyListResponse> {
    return (
      await this.jobService.internal<ApiKeyListResponse>('GET', `tenants/${segment(tenantId)}/api-keys`)
    ).body;
  }

  /**
   * Revokes a key: refused at once by the job-service, and by every gateway replica within
   * 4 × API_KEY_REVOCATION_POLL_MS (1 s). Revoking a revoked key again is a no-op (204); revoking the
   * tenant's last key is allowed and leaves it without a working key until a new one is issued.
   */
  @Delete(':tenant_id/api-keys/:key_id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND or API_KEY_NOT_FOUND' })
  async revokeKey(
    @Param('tenant_id', TenantId) tenantId: string,
    @Param('key_id', ApiKeyId) keyId: string,
  ): Promise<void> {
    await this.jobService.internal('DELETE', `tenants/${segment(tenantId)}/api-keys/${segment(keyId)}`);
  }
}
