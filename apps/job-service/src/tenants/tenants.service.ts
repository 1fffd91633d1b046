import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CreateTenantRequest, CreateTenantResponse, TenantIdentity } from '@validahub/job-contracts';
import { TenantEntity } from '../persistence/tenant.entity';
import { TenantRepository } from '../persistence/tenant.repository';
import { generateApiKey, hashApiKey } from './api-key';

@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantRepository) {}

  async create(request: CreateTenantRequest): Promise<CreateTenantResponse> {
    const apiKey = generateApiKey();
    const tenant = Object.assign(new TenantEntity(), {
      id: randomUUID(),
      name: request.name,
      plan: request.plan,
      apiKeyHash: hashApiKey(apiKey),
    });
    await this.tenants.insert(tenant);
    return { tenant_id: tenant.id, name: tenant.name, plan: tenant.plan, api_key: apiKey };
  }

  /** The tenant behind an API key, or null. */
  async resolve(apiKey: string): Promise<TenantIdentity | null> {
    const tenant = await this.tenants.findByApiKeyHash(hashApiKey(apiKey));
    return tenant ? { tenant_id: tenant.id, name: tenant.name, plan: tenant.plan } : null;
  }
}
