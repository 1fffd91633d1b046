import { Controller, HttpCode, Post } from '@nestjs/common';
import { INTERNAL_API_PREFIX } from '@validahub/job-contracts';
import { CleanupReport, RetentionSweeper } from './retention-sweeper';

/** Operator actions, reached through the gateway's admin API. */
@Controller(`${INTERNAL_API_PREFIX}/maintenance`)
export class MaintenanceController {
  constructor(private readonly sweeper: RetentionSweeper) {}

  @Post('cleanup')
  @HttpCode(200)
  cleanup(): Promise<CleanupReport> {
    return this.sweeper.sweep();
  }
}
