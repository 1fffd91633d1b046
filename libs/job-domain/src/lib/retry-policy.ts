export interface RetryPolicy {
  /** Automatic retries after the first run (the seed's default: 3). */
  readonly maxRetries: number;
  /** Delay before the first retry. */
  readonly baseDelayMs: number;
  /** Growth per retry (the seed's `retry_backoff=2`). */
  readonly factor: number;
  /** Upper bound for one delay. */
  readonly maxDelayMs: number;
}

/** Hard ceiling on `max_retries` a caller may ask for. */
export const MAX_RETRIES_CAP = 10;

export function canRetry(retryCount: number, maxRetries: number): boolean {
  return retryCount < maxRetries;
}

/**
 * Exponential backoff with "equal jitter" for retry number `retryNumber` (1 for the first retry):
 * spreads retries of jobs that failed together so they do not stampede back at the same instant.
 * `random` is injectable so the schedule is testable.
 */
export function retryDelayMs(
  retryNumber: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * policy.factor ** Math.max(0, retryNumber - 1);
  const ceiling = Math.min(policy.maxDelayMs, exponential);
  // Half fixed, half jittered: never retries immediately, never later than the ceiling.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
