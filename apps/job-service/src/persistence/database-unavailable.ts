import { ApiException } from '@validahub/http-kit';

// Connection-level failures: Postgres is down, restarting, unreachable or refusing connections. Anything
// else (a constraint, a bad query) is a real error and stays a 500.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SQLSTATE_CLASSES = ['08', '57P']; // connection exception; operator intervention (shutdown, restart)
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /the database system is (starting up|shutting down)/i,
  /not queryable|connection is not established/i,
];

function codeOf(error: unknown): string | undefined {
  const record = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = record?.driverError?.code ?? record?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: driver errors may come from another realm (e.g. under jest).
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return false;
  const code = codeOf(error);
  if (code && (NETWORK_CODES.has(code) || SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix))))
    return true;
  return MESSAGES.some((pattern) => pattern.test(message));
}

/** Postgres down → 503 with Retry-After: the client retries (with its idempotency key), nothing half-done. */
export function translateDatabaseUnavailable(error: unknown): ApiException | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new ApiException(
    'SERVICE_UNAVAILABLE',
    'The job store is temporarily unavailable; retry shortly.',
    undefined,
    { 'Retry-After': '5' },
  );
}
