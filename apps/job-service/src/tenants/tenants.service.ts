import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CreateTenantRequest, CreateTenantResponse } from '@validahub/job-contracts/http';
import { TenantEntity } from '../persistence/tenant.entity';
import { TenantRepository } from '../persistence/tenant.repository';
import { newApiKey } from './api-key';

@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantRepository) {}

  /** A tenant with its first API key. */
  async create(request: CreateTenantRequest): Promise<CreateTenantResponse> {
    const tenant = Object.assign(new TenantEntity(), {
      id: randomUUID(),
      name: request.name,
      plan: request.plan,
    });
    const key = newApiKey(tenant.id);
    await this.tenants.insertWithKey(tenant, key.row);
    return {
      tenant_id: tenant.id,
      name: tenant.name,
      plan: tenant.plan,
      key_id: key.row.id,
      api_key: key.apiKey,
    };
  }
}
