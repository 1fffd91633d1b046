import { DomainErrorCode } from '@validahub/job-domain';

// Every error a client can see: the code is the contract (stable, never reused), the status follows from it.
// The gateway and the job-service both answer with `{ error: { code, message, details? } }`.
export const API_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INPUT_NOT_FOUND: 400,
  /** A `depends_on` id that is not one of the tenant's jobs. */
  DEPENDENCY_NOT_FOUND: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  ARTIFACT_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  IDEMPOTENCY_KEY_REUSED: 409,
  JOB_NOT_CANCELLABLE: 409,
  JOB_NOT_RETRYABLE: 409,
  FILE_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_TIME_LIMIT: 422,
  /** The file is an image, an archive, a workbook… (judged by its first bytes); also a job's `error.code`. */
  INPUT_NOT_CSV: 422,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  QUEUE_DASHBOARD_UNAVAILABLE: 501,
  UPSTREAM_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  VALIDATION_BUSY: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

// Compile-time check that every domain error has an HTTP status.
const _domainCodesCovered: Record<DomainErrorCode, number> = API_ERROR_STATUS;
void _domainCodesCovered;

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && value in API_ERROR_STATUS;
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `params.input_uri`. */
  readonly field: string;
  readonly message: string;
}

export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly details?: Record<string, unknown> & { fields?: FieldError[] };
    readonly correlation_id?: string;
  };
}
