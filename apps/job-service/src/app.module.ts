import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@validahub/config';
import { QueueModule } from '@validahub/queue';
import { StorageModule } from '@validahub/storage';
import { JobServiceConfig } from './config/job-service.config';
import { JobDependencies } from './dependencies/job-dependencies';
import { DispatchRequests } from './dispatch/dispatch-requests';
import { JobDispatcher } from './dispatch/job-dispatcher';
import { HealthController } from './health/health.controller';
import { InternalTokenGuard } from './internal-token.guard';
import { JobEventApplier } from './job-events/job-event-applier';
import { JobEventsConsumer } from './job-events/job-events.consumer';
import { JobReportsConsumer } from './job-events/job-reports.consumer';
import { JobCommandsService } from './jobs/job-commands.service';
import { JobQueriesService } from './jobs/job-queries.service';
import { JOB_LIFECYCLE_LISTENERS, JobLifecycleListener, JobLifecycleNotifier } from './jobs/job-lifecycle';
import { JobTransitions } from './jobs/job-transitions';
import { JobChangeFeed } from './job-history/job-change-feed';
import { JobEventStream } from './job-history/job-event-stream';
import { JobHistoryController } from './job-history/job-history.controller';
import { JobsController } from './jobs/jobs.controller';
import { JobLifecycleMetrics } from './metrics/job-lifecycle-metrics';
import { JobServiceMetricsModule } from './metrics/job-service-metrics.module';
import { MaintenanceController } from './maintenance/maintenance.controller';
import { RetentionSweeper } from './maintenance/retention-sweeper';
import { RunFolderCleanup } from './maintenance/run-folder-cleanup';
import { RunReconciler } from './maintenance/run-reconciler';
import { UsageController } from './usage/usage.controller';
import { UsageService } from './usage/usage.service';
import { PersistenceModule } from './persistence/persistence.module';
import { QueueDashboardController } from './queue-dashboard/queue-dashboard.controller';
import { QueueStatsService } from './stats/queue-stats.service';
import { QueuedJobsQuota } from './quotas/queued-jobs-quota';
import { TenantsModule } from './tenants/tenants.module';
import { UploadsModule } from './uploads/uploads.module';

/** The job-service: sole owner of Postgres and of every job's state. */
@Module({})
export class AppModule {
  static forRoot(config: JobServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(JobServiceConfig, config),
        PersistenceModule,
        QueueModule.forRoot(config.queue),
        StorageModule.forRoot(config.storage),
        TenantsModule,
        UploadsModule,
        JobServiceMetricsModule,
      ],
      controllers: [
        JobsController,
        JobHistoryController,
        UsageController,
        MaintenanceController,
        QueueDashboardController,
        HealthController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: InternalTokenGuard },
        JobTransitions,
        JobLifecycleNotifier,
        JobChangeFeed,
        // Told of every committed change, in this order. Add a listener here.
        {
          provide: JOB_LIFECYCLE_LISTENERS,
          useFactory: (...listeners: JobLifecycleListener[]) => listeners,
          inject: [JobChangeFeed, JobLifecycleMetrics, RunFolderCleanup, DispatchRequests],
        },
        RunFolderCleanup,
        JobEventStream,
        JobCommandsService,
        QueuedJobsQuota,
        JobQueriesService,
        DispatchRequests,
        JobDependencies,
        JobDispatcher,
        JobEventApplier,
        JobReportsConsumer,
        JobEventsConsumer,
        RunReconciler,
        RetentionSweeper,
        UsageService,
        QueueStatsService,
      ],
    };
  }
}
