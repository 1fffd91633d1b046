import './instrument'; // first: tracing must patch modules before they load
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Env, runAsProgram } from '@validahub/config';
import { createHttpApp, listeningAddress } from '@validahub/http-kit';
import { AppModule } from './app.module';
import { loadCsvWorkerConfig } from './config/csv-worker.config';

export async function bootstrap(env: Env): Promise<INestApplication> {
  const config = loadCsvWorkerConfig(env);
  const { app, logger } = await createHttpApp(AppModule.forRoot(config), {
    service: 'csv-worker',
    logLevel: config.logLevel,
    // Runs drain for the grace, then a handed-back task thread may need its hard-stop grace to end.
    shutdownLimitMs: config.shutdownGraceMs + config.hardGraceMs + 15_000,
  });
  await app.listen(config.http.port, config.http.host);
  logger.info({
    msg: 'csv-worker started',
    health: listeningAddress(app),
    worker_id: config.workerId,
    queue_driver: config.queue.driver,
  });
  return app;
}

runAsProgram(() => bootstrap(process.env));
