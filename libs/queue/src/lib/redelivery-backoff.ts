export const DEFAULT_BACKOFF_MS = 1_000;
export const MAX_REDELIVERY_DELAY_MS = 60_000;

/**
 * Delay before delivery number `failedDeliveries + 1`: exponential from `baseMs`, capped so a message
 * that failed while a dependency was down is retried soon after it comes back. Both adapters use it, so
 * the in-memory queue retries exactly like BullMQ.
 */
export function redeliveryDelayMs(failedDeliveries: number, baseMs = DEFAULT_BACKOFF_MS): number {
  return Math.min(MAX_REDELIVERY_DELAY_MS, Math.round(baseMs * 2 ** Math.max(0, failedDeliveries - 1)));
}
