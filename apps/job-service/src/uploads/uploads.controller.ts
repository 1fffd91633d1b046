import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import { RegisterUploadRequest, TenantIdentity, UploadRoom } from '@validahub/job-contracts/http';
import { CurrentTenant } from '../tenants/current-tenant.decorator';
import { TenantGuard } from '../tenants/tenant.guard';
import { UploadRegister } from './upload-register';

/** The gateway asks before storing an upload how much fits, and registers it once stored. */
@Controller(`${INTERNAL_API_PREFIX}/uploads`)
@UseGuards(TenantGuard)
export class UploadsController {
  constructor(private readonly uploads: UploadRegister) {}

  @Get('room')
  room(@CurrentTenant() tenant: TenantIdentity): Promise<UploadRoom> {
    return this.uploads.room(tenant);
  }

  @Post()
  @HttpCode(201)
  async register(
    @CurrentTenant() tenant: TenantIdentity,
    @Body() body: RegisterUploadRequest,
  ): Promise<void> {
    await this.uploads.register(tenant, body);
  }
}
