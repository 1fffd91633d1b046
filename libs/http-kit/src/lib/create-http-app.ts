import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { hostedByEmbeddedLauncher } from '@validahub/config';
import {
  createJsonLogger,
  JsonLogger,
  MetricsModule,
  MetricsRegistry,
  NestJsonLogger,
  stopTracing,
} from '@validahub/telemetry';
import express from 'express';
import helmet from 'helmet';
import type { LevelWithSilent } from 'pino';
import { ApiExceptionFilter, ErrorTranslator } from './api-exception.filter';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { LivenessController } from './health/liveness.controller';
import { jsonBody } from './json-body';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { metricsEndpoint } from './metrics/metrics-endpoint';
import { requestLoggingMiddleware } from './request-logging.middleware';
import { RouteSpanInterceptor } from './route-span.interceptor';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppOptions {
  readonly service: string;
  readonly logLevel: LevelWithSilent;
  /** Body size limit of the JSON parser (uploads stream and are limited separately). */
  readonly jsonLimit?: string;
  /** Service-specific errors that have a meaning for clients (e.g. the database is down → 503). */
  readonly errorTranslators?: readonly ErrorTranslator[];
  /** After SIGTERM, how long the whole shutdown may take before the process gives up and exits 1. */
  readonly shutdownLimitMs?: number;
}

/** Root of every service: its own module, the metrics registry and the liveness route all of them have. */
@Module({ controllers: [LivenessController] })
class HttpAppModule {}

/**
 * The same HTTP plumbing for every service: JSON logs, correlation ids, the error envelope, DTO validation,
 * Prometheus metrics at `/metrics` (HTTP latency plus whatever the service records), `/health/live`, and shutdown hooks so
 * SIGTERM closes connections cleanly.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<{ app: INestApplication; logger: JsonLogger }> {
  const logger = createJsonLogger(options.service, options.logLevel);
  const server = express();
  // `/INTERNAL/…` must not reach the handler of `/internal/…`: routes match as written, nothing else.
  server.set('case sensitive routing', true);
  server.disable('x-powered-by');
  // forceCloseConnections: on shutdown, idle keep-alive connections do not hold the server open.
  const app = await NestFactory.create(
    { module: HttpAppModule, imports: [MetricsModule, module] },
    new ExpressAdapter(server),
    {
      logger: new NestJsonLogger(logger),
      bodyParser: false,
      forceCloseConnections: true,
    },
  );
  const metrics = app.get(MetricsRegistry);
  app.use(
    // nosniff, no X-Powered-By, frame and referrer policies… The HTML pages (API docs, queue dashboard)
    // load their own scripts and styles, so the content policy is left to them.
    helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }),
    metricsEndpoint(metrics),
    correlationIdMiddleware,
    requestLoggingMiddleware,
    httpMetricsMiddleware(metrics),
  );
  app.use(jsonBody(options.jsonLimit ?? '1mb'));
  app.useGlobalFilters(new ApiExceptionFilter(options.errorTranslators));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new RouteSpanInterceptor());
  // Under the embedded launcher, the launcher orders the shutdown of all three.
  if (!hostedByEmbeddedLauncher())
    exitCleanlyOnSignals(app, logger, options.shutdownLimitMs ?? DEFAULT_SHUTDOWN_LIMIT_MS);
  return { app, logger };
}

const DEFAULT_SHUTDOWN_LIMIT_MS = 60_000;

/**
 * SIGTERM/SIGINT: run the whole Nest shutdown (services drain their work first, then close connections)
 * and exit 0; exit 1 if that does not finish in time. (Nest's own hooks re-raise the signal instead, which
 * leaves no exit code to tell a clean stop from a killed one.)
 */
function exitCleanlyOnSignals(app: INestApplication, logger: JsonLogger, limitMs: number): void {
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ msg: 'shutting down', signal });
    const limit = setTimeout(() => {
      logger.error({ msg: 'shutdown did not finish in time; exiting', limit_ms: limitMs });
      process.exit(1);
    }, limitMs);
    limit.unref();
    app
      .close()
      // The spans of the last requests and runs are still in the exporter's buffer.
      .then(() =>
        stopTracing().catch((error: unknown) => logger.warn({ msg: 'could not flush spans', err: error })),
      )
      .then(
        () => {
          logger.info({ msg: 'stopped' });
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ msg: 'shutdown failed', err: error });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
