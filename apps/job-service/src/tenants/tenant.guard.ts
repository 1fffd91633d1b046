import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TENANT_HEADER } from '@validahub/job-contracts';
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
  constructor(private readonly tenants: TenantRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    const id = request.header(TENANT_HEADER);
    const tenant = id && UUID.test(id) ? await this.tenants.findById(id) : null;
    if (!tenant) throw new DomainError('TENANT_NOT_FOUND', 'Unknown tenant.');
    request[TENANT_REQUEST_KEY] = { tenant_id: tenant.id, name: tenant.name, plan: tenant.plan };
    addToContext({ tenantId: tenant.id });
    return true;
  }
}
