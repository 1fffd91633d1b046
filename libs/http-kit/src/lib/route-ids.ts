import { DomainError } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';
import { ApiException } from './api-exception';
import { UuidParamPipe } from './uuid-param.pipe';

// The ids a route may carry. Both services parse them the same way, so a malformed id (a dot segment, a
// path fragment) is a 404 at the gateway already and never reaches the internal API.

/** A job id from the route; the request's log lines name the job it is about. */
export const JobId = new UuidParamPipe(
  () => new DomainError('JOB_NOT_FOUND', 'No such job.'),
  (id) => addToContext({ jobId: id }),
);

/** A tenant id from an admin route; the request's log lines name the tenant. */
export const TenantId = new UuidParamPipe(
  () => new DomainError('TENANT_NOT_FOUND', 'Unknown tenant.'),
  (id) => addToContext({ tenantId: id }),
);

export const ApiKeyId = new UuidParamPipe(() => new ApiException('API_KEY_NOT_FOUND', 'No such API key.'));
