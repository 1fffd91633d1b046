import { createHttpApp } from '@validahub/http-kit';
import { AppModule } from './app.module';
import { JobServiceConfig } from './config/job-service.config';
import { translateDatabaseUnavailable } from './persistence/database-unavailable';

/** The job-service as an HTTP app, not yet listening (shared by main.ts and the integration tests). */
export function createJobServiceApp(config: JobServiceConfig) {
  return createHttpApp(AppModule.forRoot(config), {
    service: 'job-service',
    logLevel: config.logLevel,
    errorTranslators: [translateDatabaseUnavailable],
  });
}
