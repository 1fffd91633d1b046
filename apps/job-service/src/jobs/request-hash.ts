import { createHash } from 'node:crypto';
import { CreateJobRequest } from '@validahub/job-contracts/http';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * Fingerprint of what the client asked for, with defaults filled in, so `{"auto_fix": false}` and an
 * omitted `auto_fix` count as the same request when an idempotency key is replayed.
 */
export function requestHash(request: CreateJobRequest): string {
  const normalised = {
    task: request.task,
    params: { ...request.params, auto_fix: request.params.auto_fix ?? false },
    priority: request.priority ?? null,
    max_retries: request.max_retries ?? null,
    metadata: request.metadata ?? null,
    // Only when given: the hash of every request made before the field existed stays the same.
    ...(request.depends_on ? { depends_on: request.depends_on.map((id) => id.toLowerCase()) } : {}),
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(normalised)))
    .digest('hex');
}
