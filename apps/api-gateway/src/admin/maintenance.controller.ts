import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { JobServiceClient } from '../job-service-client/job-service.client';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/maintenance')
@UseGuards(AdminTokenGuard)
export class MaintenanceController {
  constructor(private readonly jobService: JobServiceClient) {}

  /** Runs a retention sweep now (it also runs on a schedule) and reports what it removed. */
  @Post('cleanup')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{ older_than, jobs_deleted, events_deleted, artifact_folders_deleted, batches, inputs_deleted, orphan_inputs_deleted, duration_ms }',
  })
  async cleanup(): Promise<Record<string, unknown>> {
    return (await this.jobService.internal<Record<string, unknown>>('POST', 'maintenance/cleanup')).body;
  }
}
