import { WindowPolicy, WindowRateLimiter, WindowUsage } from '../window-rate-limiter.port';

interface Counter {
  readonly policy: WindowPolicy;
  /** Hits counted here and not yet sent to the shared counter. */
  pending: number;
  /** The shared counter as of the last exchange, and when (performance.now()). */
  shared?: WindowUsage;
  sharedAt: number;
}

/**
 * A shared counter (Redis) asked once per key every `syncMs`, not once per hit: each hit is decided here on
 * the last known shared count minus the hits counted since, and the hits of the interval go out together
 * (one command per key). A key's first hit, and its first after an idle interval, waits for the shared
 * counter, so no hit is decided on a count older than `syncMs`. The price: replicas learn of each other's
 * hits up to `syncMs` late, so together they may let through up to rate × syncMs × replicas more than the
 * policy in a window.
 */
export class BatchedWindowRateLimiter extends WindowRateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly shared: WindowRateLimiter,
    private readonly syncMs: number,
    private readonly onSyncError: (error: unknown) => void,
  ) {
    super();
  }

  async hit(key: string, policy: WindowPolicy, hits = 1): Promise<WindowUsage> {
    const id = `${policy.points}/${policy.windowSeconds}:${key}`;
    let counter = this.counters.get(id);
    // A key not seen yet, or not exchanged for longer than an interval (this replica was idle): ask.
    if (!counter?.shared || (counter.pending === 0 && performance.now() - counter.sharedAt > this.syncMs)) {
      const shared = await this.shared.hit(key, policy, hits);
      counter ??= { policy, pending: 0, sharedAt: 0 };
      counter.shared = shared;
      counter.sharedAt = performance.now();
      this.counters.set(id, counter);
      return shared;
    }
    counter.pending += hits;
    this.scheduleSync();
    const elapsed = performance.now() - counter.sharedAt;
    // The shared window ended meanwhile: a new one started with this interval's hits.
    const remaining =
      elapsed >= counter.shared.resetMs
        ? policy.points - counter.pending
        : counter.shared.remaining - counter.pending;
    const resetMs =
      elapsed >= counter.shared.resetMs ? policy.windowSeconds * 1000 : counter.shared.resetMs - elapsed;
    return { allowed: remaining >= 0, remaining: Math.max(0, remaining), resetMs };
  }

  /** Sends the pending hits now (and at shutdown). */
  async sync(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    await Promise.all(
      [...this.counters].map(async ([id, counter]) => {
        const key = id.slice(id.indexOf(':') + 1);
        if (counter.pending === 0) {
          // Idle past its window: forgotten, so the map stays as small as the set of active keys.
          if (counter.shared && now - counter.sharedAt > counter.shared.resetMs) this.counters.delete(id);
          return;
        }
        const hits = counter.pending;
        counter.pending = 0;
        try {
          counter.shared = await this.shared.hit(key, counter.policy, hits);
          counter.sharedAt = performance.now();
        } catch (error) {
          // Not counted remotely; the next sync tries again with them.
          counter.pending += hits;
          this.onSyncError(error);
        }
      }),
    );
  }

  private scheduleSync(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }
}
