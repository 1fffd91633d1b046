/** A fixed-window policy: `points` hits per `windowSeconds` for each key. */
export interface WindowPolicy {
  readonly points: number;
  readonly windowSeconds: number;
}

export interface WindowUsage {
  /** False when this hit went past the policy (it is counted all the same). */
  readonly allowed: boolean;
  readonly remaining: number;
  /** Until the window ends and the count starts again. */
  readonly resetMs: number;
}

/** Counts hits per key in fixed windows. */
export abstract class WindowRateLimiter {
  /**
   * Counts `hits` (default one) of `key` under `policy`. Rejects only when the counters cannot be reached.
   */
  abstract hit(key: string, policy: WindowPolicy, hits?: number): Promise<WindowUsage>;
}
