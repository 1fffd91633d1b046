import { Injectable } from '@nestjs/common';
import {
  ApiKeyListResponse,
  ApiKeyRevocationsResponse,
  CreateApiKeyResponse,
  ResolvedApiKey,
} from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { DomainError } from '@validahub/job-domain';
import { ApiKeyRepository } from '../persistence/api-key.repository';
import { TenantRepository } from '../persistence/tenant.repository';
import { hashApiKey, newApiKey } from './api-key';

/**
 * A tenant's API keys: several may be valid at once (rotation: issue a new one, move clients over, revoke the
 * old one). Revoking the last one is allowed: the tenant, its jobs and files stay, and it has no working key
 * until a new one is issued.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyRepository,
  ) {}

  async issue(tenantId: string): Promise<CreateApiKeyResponse> {
    await this.requireTenant(tenantId);
    const key = newApiKey(tenantId);
    await this.keys.insert(key.row);
    return { key_id: key.row.id, api_key: key.apiKey };
  }

  async list(tenantId: string): Promise<ApiKeyListResponse> {
    await this.requireTenant(tenantId);
    const keys = await this.keys.listForTenant(tenantId);
    return {
      items: keys.map((key) => ({
        key_id: key.id,
        created_at: key.createdAt.toISOString(),
        last_used_at: key.lastUsedAt?.toISOString() ?? null,
        revoked_at: key.revokedAt?.toISOString() ?? null,
      })),
    };
  }

  /** Revoked at once here; the gateways drop it from their caches through the revocation feed. */
  async revoke(tenantId: string, keyId: string): Promise<void> {
    await this.requireTenant(tenantId);
    if ((await this.keys.revoke(tenantId, keyId)) === 'not found')
      throw new ApiException('API_KEY_NOT_FOUND', 'The tenant has no API key with this id.');
  }

  /** The tenant behind an unrevoked key, with the key's id, or null. */
  resolve(apiKey: string): Promise<ResolvedApiKey | null> {
    return this.keys.resolve(hashApiKey(apiKey));
  }

  async revokedSince(since: Date): Promise<ApiKeyRevocationsResponse> {
    const { asOf, keyIds } = await this.keys.revokedSince(since);
    return { as_of: asOf.toISOString(), key_ids: keyIds };
  }

  private async requireTenant(tenantId: string): Promise<void> {
    if (!(await this.tenants.findById(tenantId)))
      throw new DomainError('TENANT_NOT_FOUND', 'Unknown tenant.');
  }
}
