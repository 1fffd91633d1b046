import './instrument'; // first: tracing must patch modules before they load
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Env, runAsProgram } from '@validahub/config';
import { createHttpApp, listeningAddress } from '@validahub/http-kit';
import { AppModule } from './app.module';
import { loadApiGatewayConfig } from './config/api-gateway.config';
import { setupDocs } from './docs/setup-docs';

export async function bootstrap(env: Env): Promise<INestApplication> {
  const config = loadApiGatewayConfig(env);
  const { app, logger } = await createHttpApp(AppModule.forRoot(config), {
    service: 'api-gateway',
    logLevel: config.logLevel,
    // A refused upload (bad key, too large…) is read to its end, so the client gets the answer.
    drainLimitBytes: 4 * config.maxFileSize,
  });
  setupDocs(app);
  await app.listen(config.http.port, config.http.host);
  logger.info({ msg: 'api-gateway listening', url: listeningAddress(app), docs: '/docs' });
  return app;
}

runAsProgram(() => bootstrap(process.env));
