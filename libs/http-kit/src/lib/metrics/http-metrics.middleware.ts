import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

/**
 * The route template Express matched (`/api/v1/jobs/:id`), never the raw path: ids in label values would
 * make a new time series per job. Whatever no route matched is one series, `unmatched`.
 */
export function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

/** Observes every request's duration by method, route template and status code. */
export function httpMetricsMiddleware(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    // The route is known only once the router ran, hence read at the end.
    res.on('finish', () => stop({ method: req.method, route: routeOf(req), status_code: res.statusCode }));
    next();
  };
}
