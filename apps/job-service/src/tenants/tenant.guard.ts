import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TENANT_HEADER } from '@validahub/job-contracts';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { LRUCache } from 'lru-cache';
import { DomainError } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';
import type { Request } from 'express';
import { TenantRepository } from '../persistence/tenant.repository';
import { TENANT_REQUEST_KEY } from './current-tenant.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Loads the tenant named by the gateway's header, so the plan comes from the database, not the caller, and
 * puts it in the log context for the rest of the request.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  // A tenant's name and plan do not change once created: a few seconds of caching spares a query per request.
  private readonly cache = new LRUCache<string, TenantIdentity>({ max: 10_000, ttl: 10_000 });

  constructor(private readonly tenants: TenantRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    const id = request.header(TENANT_HEADER);
    const tenant = id && UUID.test(id) ? (this.cache.get(id) ?? (await this.load(id))) : undefined;
    if (!tenant) throw new DomainError('TENANT_NOT_FOUND', 'Unknown tenant.');
    request[TENANT_REQUEST_KEY] = tenant;
    addToContext({ tenantId: tenant.tenant_id });
    return true;
  }

  private async load(id: string): Promise<TenantIdentity | undefined> {
    const row = await this.tenants.findById(id);
    if (!row) return undefined;
    const tenant: TenantIdentity = { tenant_id: row.id, name: row.name, plan: row.plan };
    this.cache.set(id, tenant);
    return tenant;
  }
}
