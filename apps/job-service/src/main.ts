import './instrument'; // first: tracing must patch modules before they load
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Env, runAsProgram } from '@validahub/config';
import { DataSource } from 'typeorm';
import { listeningAddress } from '@validahub/http-kit';
import { createJobServiceApp } from './create-job-service-app';
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

export async function bootstrap(env: Env): Promise<INestApplication> {
  const config = loadJobServiceConfig(env);
  const { app, logger } = await createJobServiceApp(config);
  await app.listen(config.http.port, config.http.host);
  logger.info({
    msg: 'job-service listening',
    url: listeningAddress(app),
    // Without a token the config allowed only loopback: say which lock guards the internal API.
    internal_api: config.internalToken ? 'INTERNAL_TOKEN required' : 'loopback callers only',
    queue_driver: config.queue.driver,
  });
  return app;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') await migrate(loadJobServiceConfig());
  else await bootstrap(process.env);
}

runAsProgram(() => main());
