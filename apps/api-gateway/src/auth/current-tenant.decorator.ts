import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { TenantIdentity } from '@validahub/job-contracts/http';

export const TENANT_REQUEST_KEY = 'tenant';

/** The tenant the ApiKeyGuard authenticated. */
export const CurrentTenant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): TenantIdentity => {
    const tenant = context.switchToHttp().getRequest<Record<string, unknown>>()[TENANT_REQUEST_KEY];
    if (!tenant) throw new Error('CurrentTenant used on a route without ApiKeyGuard');
    return tenant as TenantIdentity;
  },
);
