import { canRetry, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const policy = { maxRetries: 3, baseDelayMs: 1000, factor: 2, maxDelayMs: 10_000 };

  it('allows the seed default of 3 retries', () => {
    expect([0, 1, 2, 3].map((n) => canRetry(n, 3))).toEqual([true, true, true, false]);
  });

  it('grows exponentially between the half-ceiling and the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps a delay at maxDelayMs', () => {
    expect(retryDelayMs(10, policy, () => 1)).toBe(10_000);
    expect(retryDelayMs(10, policy, () => 0)).toBe(5_000);
  });
});
