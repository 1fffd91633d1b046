import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RegisterUploadRequest, TenantIdentity, UploadRoom } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { objectKeys } from '@validahub/storage';
import { DataSource, EntityManager } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { lockTenant, TENANT_LOCK } from '../quotas/tenant-lock';
import { uploadRoom, UploadUsage } from './upload-room';

/**
 * The `uploads` table: every input the gateway stored, with its tenant, size and time. It makes the two
 * upload quotas (bytes stored, bytes uploaded in 24 hours), the check that a job's input is the tenant's,
 * and the input retention.
 */
@Injectable()
export class UploadRegister {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  /** How much the tenant may upload now; 429 QUOTA_EXCEEDED when nothing. */
  async room(tenant: TenantIdentity): Promise<UploadRoom> {
    const room = this.roomOf(tenant, await this.usage(tenant.tenant_id, this.db.manager));
    if (room.room_bytes <= 0) throw refusal(room, 'You have reached');
    return room;
  }

  /**
   * Counts a stored upload, or refuses it (429 QUOTA_EXCEEDED) if it does not fit: under the tenant's lock,
   * so concurrent uploads of one tenant cannot all fit into the same room. Registering a key twice is
   * harmless (the first registration stands).
   */
  async register(tenant: TenantIdentity, upload: RegisterUploadRequest): Promise<void> {
    if (!objectKeys.isInputOf(upload.key, tenant.tenant_id))
      throw new ApiException('VALIDATION_FAILED', 'key is not an input of this tenant', {
        fields: [{ field: 'key', message: 'key is not an input of this tenant' }],
      });
    await this.db.transaction(async (manager) => {
      await lockTenant(manager, TENANT_LOCK.uploads, tenant.tenant_id);
      const room = this.roomOf(tenant, await this.usage(tenant.tenant_id, manager));
      if (upload.size > room.room_bytes)
        throw refusal(room, `An upload of ${upload.size} bytes would exceed`);
      await manager.query(
        `INSERT INTO uploads (key, tenant_id, uri, size, sha256) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO NOTHING`,
        [upload.key, tenant.tenant_id, upload.uri, upload.size, upload.sha256],
      );
    });
  }

  private roomOf(tenant: TenantIdentity, usage: UploadUsage): UploadRoom {
    return uploadRoom(usage, this.config.quotas.plans[tenant.plan], this.config.quotas.inputRetentionDays);
  }

  /** One index-only scan of the tenant's uploads (tenant_id, created_at) INCLUDE (size). */
  private async usage(tenantId: string, manager: EntityManager): Promise<UploadUsage> {
    const [row]: {
      stored: string;
      last_day: string;
      oldest: Date | null;
      oldest_of_last_day: Date | null;
      now: Date;
    }[] = await manager.query(
      `SELECT coalesce(sum(size), 0) AS stored,
              coalesce(sum(size) FILTER (WHERE created_at > now() - interval '1 day'), 0) AS last_day,
              min(created_at) AS oldest,
              min(created_at) FILTER (WHERE created_at > now() - interval '1 day') AS oldest_of_last_day,
              now() AS now
       FROM uploads WHERE tenant_id = $1`,
      [tenantId],
    );
    return {
      stored: Number(row.stored),
      lastDay: Number(row.last_day),
      oldest: row.oldest,
      oldestOfLastDay: row.oldest_of_last_day,
      now: row.now,
    };
  }
}

function refusal(room: UploadRoom, what: string): ApiException {
  const quota = room.quota === 'storage_bytes' ? 'storage quota' : 'upload quota for 24 hours';
  return new ApiException(
    'QUOTA_EXCEEDED',
    `${what} your plan's ${quota} (${room.limit} bytes, ${room.used} used).`,
    { quota: room.quota, limit: room.limit, used: room.used, room_bytes: room.room_bytes },
    { 'Retry-After': String(room.retry_after_seconds) },
  );
}
