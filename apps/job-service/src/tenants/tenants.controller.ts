import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { API_KEY_REVOCATIONS_PATH, INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import {
  ApiKeyListResponse,
  ApiKeyRevocationsQuery,
  ApiKeyRevocationsResponse,
  CreateApiKeyResponse,
  CreateTenantRequest,
  CreateTenantResponse,
  ResolveApiKeyRequest,
  ResolvedApiKey,
} from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyId, TenantId } from '@validahub/http-kit';
import { TenantsService } from './tenants.service';

/** Tenants and their API keys: the admin API behind the gateway, and the gateway's key lookups. */
@Controller(INTERNAL_API_PREFIX)
export class TenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Post('tenants')
  create(@Body() body: CreateTenantRequest): Promise<CreateTenantResponse> {
    return this.tenants.create(body);
  }

  @Post('tenants/:tenantId/api-keys')
  issueKey(@Param('tenantId', TenantId) tenantId: string): Promise<CreateApiKeyResponse> {
    return this.apiKeys.issue(tenantId);
  }

  @Get('tenants/:tenantId/api-keys')
  listKeys(@Param('tenantId', TenantId) tenantId: string): Promise<ApiKeyListResponse> {
    return this.apiKeys.list(tenantId);
  }

  @Delete('tenants/:tenantId/api-keys/:keyId')
  @HttpCode(204)
  async revokeKey(
    @Param('tenantId', TenantId) tenantId: string,
    @Param('keyId', ApiKeyId) keyId: string,
  ): Promise<void> {
    await this.apiKeys.revoke(tenantId, keyId);
  }

  @Post('api-keys/resolve')
  @HttpCode(200)
  async resolve(@Body() body: ResolveApiKeyRequest): Promise<ResolvedApiKey> {
    const resolved = await this.apiKeys.resolve(body.api_key);
    if (!resolved) throw new ApiException('UNAUTHENTICATED', 'Unknown API key.');
    return resolved;
  }

  /** Keys revoked after `since`: what each gateway polls to drop them from its cache. */
  @Get(API_KEY_REVOCATIONS_PATH)
  revocations(@Query() query: ApiKeyRevocationsQuery): Promise<ApiKeyRevocationsResponse> {
    return this.apiKeys.revokedSince(new Date(query.since));
  }
}
