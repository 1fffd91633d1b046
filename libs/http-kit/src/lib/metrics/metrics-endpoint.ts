import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

const logger = new Logger('Metrics');

/**
 * `GET /metrics` in Prometheus text format. A plain Express handler ahead of Nest's routing, on purpose: no
 * guard, no request log, no correlation id; it is scraped from inside the cluster every few seconds.
 */
export function metricsEndpoint(registry: Registry): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== METRICS_PATH || req.method !== 'GET') return next();
    registry.metrics().then(
      (text) => res.status(200).setHeader('Content-Type', registry.contentType).end(text),
      (error: unknown) => {
        logger.error({ msg: 'could not render metrics', err: error });
        res.status(500).end();
      },
    );
  };
}
