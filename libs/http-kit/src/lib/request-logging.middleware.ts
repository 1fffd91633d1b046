import { Logger } from '@nestjs/common';
import { API_KEY_REVOCATIONS_ROUTE } from '@validahub/job-contracts';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');

/**
 * One log line per request with method, path, status and duration (health probes and the gateways' frequent
 * revocation poll at debug level).
 */
export function requestLoggingMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const entry = {
      msg: 'request',
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      duration_ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
    };
    if (entry.path.startsWith('/health') || entry.path === API_KEY_REVOCATIONS_ROUTE) logger.debug(entry);
    else logger.log(entry);
  });
  next();
}
