import 'reflect-metadata';
import { createHttpApp } from '@validahub/http-kit';
import { AppModule } from './app.module';
import { loadCsvWorkerConfig } from './config/csv-worker.config';

async function main(): Promise<void> {
  const config = loadCsvWorkerConfig();
  const { app, logger } = await createHttpApp(AppModule.forRoot(config), {
    service: 'csv-worker',
    logLevel: config.logLevel,
  });
  await app.listen(config.http.port, config.http.host);
  logger.info({
    msg: 'csv-worker started',
    health_port: config.http.port,
    worker_id: config.workerId,
    queue_driver: config.queue.driver,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
