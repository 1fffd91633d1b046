import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@validahub/config';
import { QueueModule } from '@validahub/queue';
import { StorageModule } from '@validahub/storage';
import { MetricsModule } from '@validahub/telemetry';
import { CsvWorkerConfig } from './config/csv-worker.config';
import { JobEventReporter } from './consumer/job-event-reporter';
import { RunExecutor } from './consumer/run-executor';
import { RunJobConsumer } from './consumer/run-job.consumer';
import { HealthController } from './health/health.controller';
import { RunTelemetry } from './telemetry/run-telemetry';
import { WorkerMetrics } from './telemetry/worker-metrics';
import { CorrectCsvTask } from './tasks/correct-csv.task';
import { CsvChecker } from './tasks/csv-check/csv-checker';
import { TaskRegistry } from './tasks/task-registry';
import { ValidateCsvTask } from './tasks/validate-csv.task';

/** The csv-worker: consumes plan queues, runs tasks, reports back through the events queue. No SQL. */
@Module({})
export class AppModule {
  static forRoot(config: CsvWorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(CsvWorkerConfig, config),
        QueueModule.forRoot(config.queue),
        StorageModule.forRoot(config.storage),
        MetricsModule,
      ],
      controllers: [HealthController],
      providers: [
        CsvChecker,
        ValidateCsvTask,
        CorrectCsvTask,
        TaskRegistry,
        JobEventReporter,
        WorkerMetrics,
        RunTelemetry,
        RunExecutor,
        RunJobConsumer,
      ],
    };
  }
}
