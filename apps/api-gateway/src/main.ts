import 'reflect-metadata';
import { createHttpApp } from '@validahub/http-kit';
import { AppModule } from './app.module';
import { loadApiGatewayConfig } from './config/api-gateway.config';
import { setupDocs } from './docs/setup-docs';

async function main(): Promise<void> {
  const config = loadApiGatewayConfig();
  const { app, logger } = await createHttpApp(AppModule.forRoot(config), {
    service: 'api-gateway',
    logLevel: config.logLevel,
  });
  setupDocs(app);
  await app.listen(config.http.port, config.http.host);
  logger.info({ msg: 'api-gateway listening', port: config.http.port, docs: '/docs' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
