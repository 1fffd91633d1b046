import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@validahub/config';
import { RateLimitModule } from '@validahub/rate-limit';
import { StorageModule } from '@validahub/storage';
import { MaintenanceController } from './admin/maintenance.controller';
import { TenantsController } from './admin/tenants.controller';
import { AdminToken } from './auth/admin-token';
import { AdminTokenGuard } from './auth/admin-token.guard';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyRevocationFeed } from './auth/api-key-revocation-feed';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiGatewayConfig } from './config/api-gateway.config';
import { FilesController } from './files/files.controller';
import { UploadRegistry } from './files/upload-registry';
import { HealthController } from './health/health.controller';
import { JobServiceClient } from './job-service-client/job-service.client';
import { JobsController } from './jobs/jobs.controller';
import { LimitsTelemetry } from './limits/limits-telemetry';
import { RequestRateGuard } from './limits/request-rate.guard';
import { StreamSlots } from './limits/stream-slots';
import { DashboardAuthGuard } from './queue-dashboard/dashboard-auth.guard';
import { QueueDashboardController } from './queue-dashboard/queue-dashboard.controller';
import { UsageController } from './usage/usage.controller';
import { SyncValidationPool } from './validate/sync-validation-pool';
import { ValidateController } from './validate/validate.controller';

/**
 * The public REST edge: authentication, rate limits, validation, uploads and downloads; no database, no queue
 * (Redis only for the limits' counters).
 */
@Module({})
export class AppModule {
  static forRoot(config: ApiGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(ApiGatewayConfig, config),
        StorageModule.forRoot(config.storage),
        RateLimitModule.forRoot(config.rateLimitStore),
      ],
      controllers: [
        JobsController,
        FilesController,
        ValidateController,
        UsageController,
        TenantsController,
        MaintenanceController,
        QueueDashboardController,
        HealthController,
      ],
      providers: [
        JobServiceClient,
        ApiKeyCache,
        ApiKeyRevocationFeed,
        ApiKeyGuard,
        AdminToken,
        AdminTokenGuard,
        DashboardAuthGuard,
        SyncValidationPool,
        LimitsTelemetry,
        RequestRateGuard,
        StreamSlots,
        UploadRegistry,
      ],
    };
  }
}
