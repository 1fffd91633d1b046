import type IORedis from 'ioredis';
import { LockOptions, Semaphore } from 'redis-semaphore';
import { ConcurrencyLease, ConcurrencyLimiter } from '../concurrency-limiter.port';

export interface RedisConcurrencySettings {
  /**
   * A slot whose holder stops renewing it (a crashed replica) is free again after this long; live holders
   * renew it every 80% of it. The replicas' clocks must agree to well within it.
   */
  readonly leaseMs: number;
  /** A renewal failed (Redis unreachable), or came too late and the slot may have been reused. */
  readonly onLeaseTrouble: (key: string, error: Error) => void;
}

/**
 * redis-semaphore renews leases from a timer and lets a failed renewal reject unhandled, which would end
 * the process during a Redis outage: a failed renewal is reported instead, and tried again on the next
 * tick (if the lease ran out meanwhile, that renewal finds it gone and reports the slot as lost).
 */
class RenewingSemaphore extends Semaphore {
  constructor(
    redis: IORedis,
    key: string,
    limit: number,
    options: LockOptions,
    private readonly onRenewalError: (error: Error) => void,
  ) {
    super(redis, key, limit, options);
  }

  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch (error) {
      this.onRenewalError(error as Error);
      return true;
    }
  }
}

/**
 * Slots shared by every replica: a redis-semaphore per key (a sorted set of holders with lease times, taken
 * and expired in one script), so a replica that dies does not keep its slots beyond one lease.
 */
export class RedisConcurrencyLimiter extends ConcurrencyLimiter {
  constructor(
    private readonly redis: IORedis,
    private readonly settings: RedisConcurrencySettings,
  ) {
    super();
  }

  async tryAcquire(key: string, limit: number): Promise<ConcurrencyLease | null> {
    const trouble = (error: Error) => this.settings.onLeaseTrouble(key, error);
    const semaphore = new RenewingSemaphore(
      this.redis,
      `slots:${key}`,
      limit,
      { lockTimeout: this.settings.leaseMs, acquireAttemptsLimit: 1, onLockLost: trouble },
      trouble,
    );
    if (!(await semaphore.tryAcquire())) return null;
    return { release: () => semaphore.release() };
  }
}
