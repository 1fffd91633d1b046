import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import { TenantIdentity, UsageQuery, UsageResponse } from '@validahub/job-contracts/http';
import { CurrentTenant } from '../tenants/current-tenant.decorator';
import { TenantGuard } from '../tenants/tenant.guard';
import { UsageService } from './usage.service';

@Controller(`${INTERNAL_API_PREFIX}/usage`)
@UseGuards(TenantGuard)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  get(@CurrentTenant() tenant: TenantIdentity, @Query() query: UsageQuery): Promise<UsageResponse> {
    return this.usage.forTenant(tenant.tenant_id, query);
  }
}
