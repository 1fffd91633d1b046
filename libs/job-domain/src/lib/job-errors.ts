// Stable codes: clients branch on them, so a code is never renamed or reused for another meaning.
export const DOMAIN_ERROR_CODES = [
  'JOB_NOT_FOUND',
  'JOB_NOT_CANCELLABLE',
  'JOB_NOT_RETRYABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'INPUT_NOT_FOUND',
  'TENANT_NOT_FOUND',
  'ARTIFACT_NOT_FOUND',
  'DEPENDENCY_NOT_FOUND',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
