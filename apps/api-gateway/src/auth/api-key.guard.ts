import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ResolvedApiKey } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { addToContext } from '@validahub/telemetry';
import type { Request } from 'express';
import { JobServiceClient } from '../job-service-client/job-service.client';
import { ApiKeyCache } from './api-key-cache';
import { bearerToken } from './bearer-token';
import { TENANT_REQUEST_KEY } from './current-tenant.decorator';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="validahub"' };

/**
 * `Authorization: Bearer <api key>` → the tenant. Resolved by the job-service (which holds the hashed
 * keys) and cached by key hash (ApiKeyCache: a revoked key is dropped within a second, whatever the TTL),
 * so a busy client costs one lookup per TTL, not one per request.
 * The tenant goes into the log context for the rest of the request.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly jobService: JobServiceClient,
    private readonly cache: ApiKeyCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    const apiKey = bearerToken(request);
    if (!apiKey)
      throw new ApiException(
        'UNAUTHENTICATED',
        'Send your API key as `Authorization: Bearer <api key>`.',
        undefined,
        CHALLENGE,
      );
    const cacheKey = createHash('sha256').update(apiKey).digest('hex');
    let tenant = this.cache.get(cacheKey);
    if (!tenant) {
      const generation = this.cache.generation;
      let resolved: ResolvedApiKey;
      try {
        resolved = (
          await this.jobService.internal<ResolvedApiKey>('POST', 'api-keys/resolve', {
            body: { api_key: apiKey },
          })
        ).body;
      } catch (error) {
        if (error instanceof ApiException && error.code === 'UNAUTHENTICATED') {
          throw new ApiException('UNAUTHENTICATED', 'Unknown API key.', undefined, CHALLENGE);
        }
        throw error;
      }
      const { key_id: keyId, ...identity } = resolved;
      tenant = identity;
      this.cache.set(cacheKey, { tenant, keyId }, generation);
    }
    request[TENANT_REQUEST_KEY] = tenant;
    addToContext({ tenantId: tenant.tenant_id });
    return true;
  }
}
