import 'reflect-metadata';
import { createHttpApp } from '@validahub/http-kit';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { JobServiceConfig, loadJobServiceConfig } from './config/job-service.config';
import { dataSourceOptions } from './persistence/data-source-options';
import { runMigrations } from './persistence/run-migrations';

/** `main.js migrate` applies pending migrations and exits (the Kubernetes migration Job runs this). */
async function migrate(config: JobServiceConfig): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(config.database.url, 2)).initialize();
  try {
    const applied = await runMigrations(dataSource);
    process.stdout.write(
      `${JSON.stringify({ service: 'job-service', msg: 'migrations applied', applied })}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function serve(config: JobServiceConfig): Promise<void> {
  const { app, logger } = await createHttpApp(AppModule.forRoot(config), {
    service: 'job-service',
    logLevel: config.logLevel,
  });
  await app.listen(config.http.port, config.http.host);
  logger.info({ msg: 'job-service listening', port: config.http.port, queue_driver: config.queue.driver });
}

async function main(): Promise<void> {
  const config = loadJobServiceConfig();
  if (process.argv[2] === 'migrate') await migrate(config);
  else await serve(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
