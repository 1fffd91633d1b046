import { Injectable } from '@nestjs/common';
import { RegisterUploadRequest, UploadRoom } from '@validahub/job-contracts/http';
import { StoredObject } from '@validahub/storage';
import { JobServiceClient } from '../job-service-client/job-service.client';

/**
 * The job-service's register of stored uploads: what makes the storage and daily-upload quotas, and the
 * retention sweep of inputs. Its refusals (429 QUOTA_EXCEEDED, with Retry-After) pass through unchanged.
 */
@Injectable()
export class UploadRegistry {
  constructor(private readonly jobService: JobServiceClient) {}

  /** How much the tenant may upload now; 429 when nothing. */
  async room(tenantId: string): Promise<UploadRoom> {
    return (await this.jobService.internal<UploadRoom>('GET', 'uploads/room', { tenantId })).body;
  }

  async register(tenantId: string, stored: StoredObject): Promise<void> {
    const body: RegisterUploadRequest = {
      key: stored.key,
      uri: stored.uri,
      size: stored.size,
      sha256: stored.sha256,
    };
    await this.jobService.internal('POST', 'uploads', { tenantId, body });
  }
}
