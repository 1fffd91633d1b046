import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Logger, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { FileUploadResponse, TenantIdentity, UploadRoom } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { objectKeys, ObjectStorage, ObjectTooLargeError } from '@validahub/storage';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentTenant } from '../auth/current-tenant.decorator';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { RequestRateGuard } from '../limits/request-rate.guard';
import { TOO_MANY_REQUESTS } from '../limits/request-rate-policy';
import { UploadRegistry } from './upload-registry';
import { readUpload } from './upload-reader';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
@UseGuards(ApiKeyGuard, RequestRateGuard)
@ApiTooManyRequestsResponse({ description: TOO_MANY_REQUESTS })
export class FilesController {
  private readonly logger = new Logger(FilesController.name);

  constructor(
    private readonly storage: ObjectStorage,
    private readonly config: ApiGatewayConfig,
    private readonly uploads: UploadRegistry,
  ) {}

  /**
   * Stored no larger than the tenant's room under its quotas (so a tenant at its quota never fills the
   * disk), then registered with the job-service, which counts it exactly (concurrent uploads included) and
   * sweeps it after INPUT_RETENTION_DAYS. An upload that is refused or cannot be registered is deleted:
   * no object is kept that no quota counts. (One left by a crash between the two is swept as an orphan.)
   */
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiCreatedResponse({ type: FileUploadResponse })
  async upload(
    @CurrentTenant() tenant: TenantIdentity,
    @Req() request: Request,
  ): Promise<FileUploadResponse> {
    const room = await this.uploads.room(tenant.tenant_id);
    const maxFileSize = this.config.maxFileSize;
    const key = objectKeys.input(tenant.tenant_id, randomUUID());
    const stored = await readUpload(
      request,
      (body) => this.storage.put(key, body, { maxBytes: Math.min(maxFileSize, room.room_bytes) }),
      maxFileSize,
      (error) => (error.limitBytes < maxFileSize ? overQuota(room, error) : undefined),
    );
    try {
      await this.uploads.register(tenant.tenant_id, stored);
    } catch (error) {
      await this.storage
        .delete(key)
        .catch((failure: unknown) =>
          this.logger.warn({ msg: 'could not delete an unregistered upload', key, err: failure }),
        );
      throw error;
    }
    return { uri: stored.uri, size: stored.size, sha256: stored.sha256 };
  }
}

function overQuota(room: UploadRoom, error: ObjectTooLargeError): ApiException {
  const what = room.quota === 'storage_bytes' ? 'storage' : 'uploads in 24 hours';
  return new ApiException(
    'QUOTA_EXCEEDED',
    `This upload would take you past your plan's ${what} (${room.limit} bytes, ${room.used} used): it may be at most ${error.limitBytes} bytes now.`,
    { quota: room.quota, limit: room.limit, used: room.used, room_bytes: room.room_bytes },
    { 'Retry-After': String(room.retry_after_seconds) },
  );
}
