import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  CreateTenantRequest,
  CreateTenantResponse,
  INTERNAL_API_PREFIX,
  ResolveApiKeyRequest,
  TenantIdentity,
} from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { TenantsService } from './tenants.service';

@Controller(INTERNAL_API_PREFIX)
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post('tenants')
  create(@Body() body: CreateTenantRequest): Promise<CreateTenantResponse> {
    return this.tenants.create(body);
  }

  @Post('api-keys/resolve')
  @HttpCode(200)
  async resolve(@Body() body: ResolveApiKeyRequest): Promise<TenantIdentity> {
    const identity = await this.tenants.resolve(body.api_key);
    if (!identity) throw new ApiException('UNAUTHENTICATED', 'Unknown API key.');
    return identity;
  }
}
