import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { FileUploadResponse, TenantIdentity } from '@validahub/job-contracts';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentTenant } from '../auth/current-tenant.decorator';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { readUpload } from './upload-reader';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
@UseGuards(ApiKeyGuard)
export class FilesController {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly config: ApiGatewayConfig,
  ) {}

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
    const key = objectKeys.input(tenant.tenant_id, randomUUID());
    const stored = await readUpload(
      request,
      (body) => this.storage.put(key, body, { maxBytes: this.config.maxFileSize }),
      this.config.maxFileSize,
    );
    return { uri: stored.uri, size: stored.size, sha256: stored.sha256 };
  }
}
