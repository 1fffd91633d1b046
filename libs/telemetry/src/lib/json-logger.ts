import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { currentContext } from './job-context';
import { activeSpanIds } from './tracing/active-span-ids';

export type JsonLogger = Logger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * One JSON object per line on stdout, each with the service name and the current job/correlation context
 * (from AsyncLocalStorage), so a job can be followed across the three services by `correlation_id`, and with
 * the active span's `trace_id`/`span_id`, so a line leads to its trace.
 */
export function createJsonLogger(
  service: string,
  level: LevelWithSilent = 'info',
  // Buffered: a line is a copy into memory, not a write(2) on the request's path. The buffer goes out when it
  // holds 4 KiB, at the latest 200 ms later, and on a normal exit; a SIGKILL loses at most those 200 ms.
  destination: DestinationStream = pino.destination({
    dest: 1,
    sync: false,
    minLength: 4096,
    periodicFlush: 200,
  }),
): JsonLogger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const { correlationId, jobId, tenantId, attempt } = currentContext();
        return {
          ...(correlationId ? { correlation_id: correlationId } : {}),
          ...(jobId ? { job_id: jobId } : {}),
          ...(tenantId ? { tenant_id: tenantId } : {}),
          ...(attempt ? { attempt } : {}),
          ...activeSpanIds(),
        };
      },
    },
    destination,
  );
}
