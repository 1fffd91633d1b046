import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hostedByEmbeddedLauncher } from '@validahub/config';
import { createJsonLogger, JsonLogger, NestJsonLogger } from '@validahub/telemetry';
import type { LevelWithSilent } from 'pino';
import { ApiExceptionFilter, ErrorTranslator } from './api-exception.filter';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { requestLoggingMiddleware } from './request-logging.middleware';
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

/**
 * The same HTTP plumbing for every service: JSON logs, correlation ids, the error envelope, DTO validation,
 * and shutdown hooks so SIGTERM closes connections cleanly.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<{ app: INestApplication; logger: JsonLogger }> {
  const logger = createJsonLogger(options.service, options.logLevel);
  // forceCloseConnections: on shutdown, idle keep-alive connections do not hold the server open.
  const app = await NestFactory.create(module, {
    logger: new NestJsonLogger(logger),
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.use(correlationIdMiddleware, requestLoggingMiddleware);
  const express = await import('express');
  app.use(express.json({ limit: options.jsonLimit ?? '1mb' }));
  app.useGlobalFilters(new ApiExceptionFilter(options.errorTranslators));
  app.useGlobalPipes(createValidationPipe());
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
    app.close().then(
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
