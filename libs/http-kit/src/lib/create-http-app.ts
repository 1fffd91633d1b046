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
  // SIGTERM closes connections cleanly; under the embedded launcher, the launcher orders the shutdown.
  if (!hostedByEmbeddedLauncher()) app.enableShutdownHooks();
  return { app, logger };
}
