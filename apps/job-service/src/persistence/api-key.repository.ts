import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ResolvedApiKey } from '@validahub/job-contracts/http';
import { ApiKeyEntity } from './api-key.entity';

/**
 * `last_used_at` is written at most this often per key, whatever the number of lookups (gateway replicas,
 * cache misses): lookups are already only one per cache TTL per replica, and none of them should queue
 * behind a write of the same row.
 */
const LAST_USED_RESOLUTION = '1 minute';

export type RevokeOutcome = 'revoked' | 'already revoked' | 'not found';

/** All SQL about API keys. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(key: ApiKeyEntity): Promise<void> {
    await this.db.getRepository(ApiKeyEntity).insert(key);
  }

  /** A tenant's keys, newest first, revoked ones included. */
  listForTenant(tenantId: string): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({
      where: { tenantId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /**
   * The tenant behind an unrevoked key, or null. Stamps `last_used_at` in the same round trip when it is
   * older than LAST_USED_RESOLUTION (the UPDATE in the WITH runs whether or not the SELECT reads it).
   */
  async resolve(keyHash: string): Promise<ResolvedApiKey | null> {
    const rows: ResolvedApiKey[] = await this.db.query(
      `WITH key AS (
         SELECT k.id AS key_id, k.last_used_at, t.id AS tenant_id, t.name, t.plan
         FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL
       ), touched AS (
         UPDATE api_keys SET last_used_at = now() FROM key
         WHERE api_keys.id = key.key_id
           AND (key.last_used_at IS NULL OR key.last_used_at < now() - $2::interval)
       )
       SELECT key_id, tenant_id, name, plan FROM key`,
      [keyHash, LAST_USED_RESOLUTION],
    );
    return rows[0] ?? null;
  }

  /** Revokes one of the tenant's keys; revoking it again changes nothing (its first revocation time stays). */
  async revoke(tenantId: string, keyId: string): Promise<RevokeOutcome> {
    const result = await this.db
      .getRepository(ApiKeyEntity)
      .update({ id: keyId, tenantId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if ((result.affected ?? 0) > 0) return 'revoked';
    return (await this.db.getRepository(ApiKeyEntity).existsBy({ id: keyId, tenantId }))
      ? 'already revoked'
      : 'not found';
  }

  /**
   * Keys revoked after `since`, and the database's clock as it read them (one probe of the partial index
   * `api_keys_revoked_at`, which holds revoked keys only). An aggregate, so there is one row even when no
   * key matched.
   */
  async revokedSince(since: Date): Promise<{ asOf: Date; keyIds: string[] }> {
    const [row]: { as_of: Date; key_ids: string[] }[] = await this.db.query(
      `SELECT now() AS as_of, coalesce(array_agg(id::text), '{}') AS key_ids
       FROM api_keys WHERE revoked_at > $1`,
      [since],
    );
    return { asOf: row.as_of, keyIds: row.key_ids };
  }
}
