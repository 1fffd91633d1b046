import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { CORRELATION_HEADER } from '@validahub/job-contracts';
import { runWithContext } from '@validahub/telemetry';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's `X-Correlation-Id` (or makes one), echoes it on the response and runs the rest of the
 * request inside that context, so every log line and every downstream call carries it. The request's span
 * gets it too, so a trace can be found from a correlation id a client quotes.
 */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(CORRELATION_HEADER);
  const correlationId = incoming && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  trace.getActiveSpan()?.setAttribute('validahub.correlation_id', correlationId);
  runWithContext({ correlationId }, next);
}
