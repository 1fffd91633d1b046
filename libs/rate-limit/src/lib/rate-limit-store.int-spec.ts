import { testInfrastructure, uniqueRedisPrefix, waitFor } from '@validahub/testing';
import { createRateLimitStore, RateLimitStore, RateLimitStoreOptions } from './rate-limit-store';

const policy = { points: 5, windowSeconds: 30 };

describe('rate-limit store', () => {
  const opened: RateLimitStore[] = [];
  const errors: string[] = [];
  /** A store, connected (as the module waits for it before the app serves). */
  const open = async (options: Partial<RateLimitStoreOptions> & { prefix: string }) => {
    const store = createRateLimitStore(options, (error, context) =>
      errors.push(`${context}: ${error.message}`),
    );
    opened.push(store);
    await store.connected(5_000);
    return store;
  };
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  describe('on Redis, shared by every replica', () => {
    const prefix = uniqueRedisPrefix('limits');
    const redisUrl = testInfrastructure().redisUrl;

    it('counts the hits of two replicas together, per key', async () => {
      const [a, b] = [await open({ redisUrl, prefix }), await open({ redisUrl, prefix })];
      expect(a.kind).toBe('redis');
      // Each replica decides on the shared count as of at most one sync interval (50 ms) ago.
      const usages = [];
      for (let i = 0; i < 3; i++) usages.push(await a.window.hit('tenant-1', policy));
      await new Promise((r) => setTimeout(r, 150));
      for (let i = 0; i < 3; i++) usages.push(await b.window.hit('tenant-1', policy));
      await new Promise((r) => setTimeout(r, 150));
      usages.push(await a.window.hit('tenant-1', policy));
      expect(usages.map((u) => u.allowed)).toEqual([true, true, true, true, true, false, false]);
      expect(usages.map((u) => u.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
      for (const usage of usages) {
        expect(usage.resetMs).toBeGreaterThan(0);
        expect(usage.resetMs).toBeLessThanOrEqual(30_000);
      }
      // Another key, and the same key under another policy, have counts of their own.
      expect(await a.window.hit('tenant-2', policy)).toMatchObject({ allowed: true, remaining: 4 });
      expect(await b.window.hit('tenant-1', { points: 50, windowSeconds: 30 })).toMatchObject({
        allowed: true,
        remaining: 49,
      });
    });

    it('starts a fresh count when the window ends', async () => {
      const store = await open({ redisUrl, prefix });
      const short = { points: 1, windowSeconds: 1 };
      expect((await store.window.hit('tenant-3', short)).allowed).toBe(true);
      expect((await store.window.hit('tenant-3', short)).allowed).toBe(false);
      await waitFor(
        () => store.window.hit('tenant-3', short),
        (usage) => usage.allowed,
        { what: 'the next window', timeoutMs: 5_000, intervalMs: 200 },
      );
    });

    it('shares concurrency slots between replicas and frees a released one', async () => {
      const [a, b] = [await open({ redisUrl, prefix }), await open({ redisUrl, prefix })];
      const first = await a.concurrency.tryAcquire('streams:t1', 2);
      const second = await b.concurrency.tryAcquire('streams:t1', 2);
      expect(first).not.toBeNull();
      expect(second).not.toBeNull();
      expect(await a.concurrency.tryAcquire('streams:t1', 2)).toBeNull();
      expect(await b.concurrency.tryAcquire('streams:t1', 2)).toBeNull();
      expect(await a.concurrency.tryAcquire('streams:t2', 2)).not.toBeNull();
      await first?.release();
      const third = await b.concurrency.tryAcquire('streams:t1', 2);
      expect(third).not.toBeNull();
      await second?.release();
      await third?.release();
    });

    it('gives back the slots of a replica that died once their lease runs out', async () => {
      const dying = await open({ redisUrl, prefix, leaseMs: 1_000 });
      const survivor = await open({ redisUrl, prefix, leaseMs: 1_000 });
      expect(await dying.concurrency.tryAcquire('streams:t4', 1)).not.toBeNull();
      expect(await survivor.concurrency.tryAcquire('streams:t4', 1)).toBeNull();
      // Its connection is gone: nothing renews the lease and nothing releases it.
      await dying.close();
      const lease = await waitFor(
        () => survivor.concurrency.tryAcquire('streams:t4', 1),
        (slot) => slot !== null,
        { what: 'the dead replica’s slot to expire', timeoutMs: 10_000, intervalMs: 200 },
      );
      await lease?.release();
      // Its renewal timer failed on the closed connection: reported, not an unhandled rejection.
      expect(errors.some((e) => e.startsWith('lease of streams:t4: '))).toBe(true);
    });

    it('fails fast, never hangs, when Redis cannot be reached', async () => {
      const unreachable = createRateLimitStore(
        { redisUrl: 'redis://127.0.0.1:1', prefix },
        (error, context) => errors.push(`${context}: ${error.message}`),
      );
      opened.push(unreachable);
      expect(await unreachable.connected(200)).toBe(false);
      await expect(unreachable.window.hit('tenant-5', policy)).rejects.toThrow();
      await expect(unreachable.concurrency.tryAcquire('streams:t5', 1)).rejects.toThrow();
      await waitFor(
        () => errors.some((e) => e.startsWith('connection: ')),
        (seen) => seen,
        { what: 'the connection error to be reported' },
      );
    });
  });

  describe('in memory, without REDIS_URL', () => {
    it('counts hits per key and policy in this process', async () => {
      const store = await open({ prefix: 'unused' });
      expect(store.kind).toBe('memory');
      const allowed = [];
      for (let i = 0; i < 7; i++) allowed.push((await store.window.hit('tenant-1', policy)).allowed);
      expect(allowed).toEqual([true, true, true, true, true, false, false]);
      expect(await store.window.hit('tenant-2', policy)).toMatchObject({ allowed: true, remaining: 4 });
    });

    it('holds at most `limit` slots per key; a released slot is free again, once', async () => {
      const { concurrency } = await open({ prefix: 'unused' });
      const first = await concurrency.tryAcquire('streams:t1', 2);
      expect(await concurrency.tryAcquire('streams:t1', 2)).not.toBeNull();
      expect(await concurrency.tryAcquire('streams:t1', 2)).toBeNull();
      expect(await concurrency.tryAcquire('streams:t2', 2)).not.toBeNull();
      await first?.release();
      await first?.release(); // a second release frees nothing more
      expect(await concurrency.tryAcquire('streams:t1', 2)).not.toBeNull();
      expect(await concurrency.tryAcquire('streams:t1', 2)).toBeNull();
    });
  });
});
