// The job-service's internal HTTP API, called only by the api-gateway (never exposed publicly).
export const INTERNAL_API_PREFIX = 'internal/v1';
/** The tenant the gateway authenticated; the job-service trusts it because only the gateway can reach it. */
export const TENANT_HEADER = 'x-tenant-id';
export const CORRELATION_HEADER = 'x-correlation-id';
/** Shared secret between gateway and job-service (defence in depth behind the network policy). */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
/**
 * The queue dashboard (bull-board) lives in the job-service under the internal API; the gateway relays it,
 * behind the admin credential, at the public path, which is also the base of every URL the UI builds.
 */
export const QUEUE_DASHBOARD_PATH = 'queue-dashboard';
export const QUEUE_DASHBOARD_PUBLIC_PATH = '/admin/queues';
/**
 * The API-key revocation feed (`GET …?since=`) that every gateway replica polls several times a second: like
 * health probes and scrapes, its requests are neither traced nor logged one by one.
 */
export const API_KEY_REVOCATIONS_PATH = 'api-keys/revocations';
export const API_KEY_REVOCATIONS_ROUTE = `/${INTERNAL_API_PREFIX}/${API_KEY_REVOCATIONS_PATH}`;
