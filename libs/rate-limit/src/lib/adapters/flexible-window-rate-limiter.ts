import { IRateLimiterOptions, RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { WindowPolicy, WindowRateLimiter, WindowUsage } from '../window-rate-limiter.port';

export type RateLimiterFactory = (options: IRateLimiterOptions) => RateLimiterAbstract;

/**
 * rate-limiter-flexible behind the port: one limiter per policy (built on first use), so a hit is a map
 * lookup plus one counter update (one EVALSHA on Redis, a map entry in memory).
 */
export class FlexibleWindowRateLimiter extends WindowRateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly create: RateLimiterFactory) {
    super();
  }

  async hit(key: string, policy: WindowPolicy, hits = 1): Promise<WindowUsage> {
    try {
      const used = await this.limiterFor(policy).consume(key, hits);
      return { allowed: true, remaining: used.remainingPoints, resetMs: used.msBeforeNext };
    } catch (outcome) {
      // The library rejects with the counter's state when the hit is over the limit, and with an Error
      // when the store failed.
      if (outcome instanceof RateLimiterRes)
        return { allowed: false, remaining: 0, resetMs: outcome.msBeforeNext };
      throw outcome;
    }
  }

  private limiterFor(policy: WindowPolicy): RateLimiterAbstract {
    const id = `${policy.points}/${policy.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      // The policy is part of the key: a tenant whose plan changes starts a fresh count under the new one.
      limiter = this.create({
        points: policy.points,
        duration: policy.windowSeconds,
        keyPrefix: `rate:${id}`,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
