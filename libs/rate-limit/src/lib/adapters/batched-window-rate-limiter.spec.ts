import { WindowPolicy, WindowRateLimiter, WindowUsage } from '../window-rate-limiter.port';
import { BatchedWindowRateLimiter } from './batched-window-rate-limiter';

/** A shared counter that records each call it gets (as Redis would receive them). */
class RecordingCounter extends WindowRateLimiter {
  readonly calls: number[] = [];
  count = 0;
  failNext = false;

  async hit(_key: string, policy: WindowPolicy, hits = 1): Promise<WindowUsage> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('redis down');
    }
    this.calls.push(hits);
    this.count += hits;
    const remaining = policy.points - this.count;
    return {
      allowed: remaining >= 0,
      remaining: Math.max(0, remaining),
      resetMs: policy.windowSeconds * 1000,
    };
  }
}

const policy: WindowPolicy = { points: 5, windowSeconds: 60 };

describe('BatchedWindowRateLimiter', () => {
  it('asks the shared counter on a key’s first hit, then sends the hits of an interval together', async () => {
    const shared = new RecordingCounter();
    const limiter = new BatchedWindowRateLimiter(shared, 60_000, () => undefined);
    expect(await limiter.hit('t1', policy)).toMatchObject({ allowed: true, remaining: 4 });
    const later = [];
    for (let i = 0; i < 5; i++) later.push(await limiter.hit('t1', policy));
    // Decided here: the last known shared count (4 left) minus the hits since.
    expect(later.map((u) => u.allowed)).toEqual([true, true, true, true, false]);
    expect(shared.calls).toEqual([1]);
    await limiter.sync();
    expect(shared.calls).toEqual([1, 5]);
    expect(shared.count).toBe(6);
    // The next decision starts from what the shared counter said.
    expect(await limiter.hit('t1', policy)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('keeps hits it could not send, and sends them with the next ones', async () => {
    const shared = new RecordingCounter();
    const errors: unknown[] = [];
    const limiter = new BatchedWindowRateLimiter(shared, 60_000, (e) => errors.push(e));
    await limiter.hit('t1', policy);
    await limiter.hit('t1', policy);
    shared.failNext = true;
    await limiter.sync();
    expect(errors).toHaveLength(1);
    await limiter.hit('t1', policy);
    await limiter.sync();
    expect(shared.calls).toEqual([1, 2]);
  });

  it('counts keys apart', async () => {
    const shared = new RecordingCounter();
    const limiter = new BatchedWindowRateLimiter(shared, 60_000, () => undefined);
    await limiter.hit('t1', policy);
    await limiter.hit('t2', policy);
    expect(shared.calls).toEqual([1, 1]);
  });
});
