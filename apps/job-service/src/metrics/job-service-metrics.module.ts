import { Module } from '@nestjs/common';
import { MetricsModule } from '@validahub/telemetry';
import { PersistenceModule } from '../persistence/persistence.module';
import { JobLifecycleMetrics } from './job-lifecycle-metrics';
import { JobStateGauges } from './job-state-gauges';

/** The job-service's own metrics: the lifecycle listener (see JOB_LIFECYCLE_LISTENERS) and scrape-time gauges. */
@Module({
  imports: [MetricsModule, PersistenceModule],
  providers: [JobLifecycleMetrics, JobStateGauges],
  exports: [JobLifecycleMetrics],
})
export class JobServiceMetricsModule {}
