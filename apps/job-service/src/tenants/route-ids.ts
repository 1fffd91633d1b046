import { ApiException } from '@validahub/http-kit';
import { DomainError } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';
import { UuidParamPipe } from '../uuid-param.pipe';

/** A tenant id from an admin route; the request's log lines name the tenant. */
export const TenantId = new UuidParamPipe(
  () => new DomainError('TENANT_NOT_FOUND', 'Unknown tenant.'),
  (id) => addToContext({ tenantId: id }),
);

export const ApiKeyId = new UuidParamPipe(() => new ApiException('API_KEY_NOT_FOUND', 'No such API key.'));
