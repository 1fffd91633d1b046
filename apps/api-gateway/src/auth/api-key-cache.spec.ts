import { loadApiGatewayConfig } from '../config/api-gateway.config';
import { ApiKeyCache } from './api-key-cache';

const config = (env: Record<string, string> = {}) =>
  loadApiGatewayConfig({
    ADMIN_TOKEN: '7f3c9a1e5b2d8f4a6c0e9b7d1f3a5c8e2b4d6f9a',
    AUTH_CACHE_TTL_MS: '60000',
    API_KEY_REVOCATION_POLL_MS: '250',
    ...env,
  });
const key = (keyId: string) => ({
  tenant: { tenant_id: `t-${keyId}`, name: 'Loja', plan: 'pro' as const },
  keyId,
});

describe('ApiKeyCache', () => {
  it('serves a cached key only once the revocation feed has been read', () => {
    const cache = new ApiKeyCache(config());
    cache.set('hash-a', key('a'), cache.generation);
    expect(cache.get('hash-a')).toBeUndefined();
    cache.applyRevocations([], performance.now());
    expect(cache.get('hash-a')).toEqual(key('a').tenant);
    expect(cache.get('hash-b')).toBeUndefined();
  });

  it('stops trusting its entries when the feed was last read more than four poll intervals ago', () => {
    const cache = new ApiKeyCache(config());
    cache.set('hash-a', key('a'), cache.generation);
    cache.applyRevocations([], performance.now() - 4 * 250 - 50);
    expect(cache.get('hash-a')).toBeUndefined();
    // A later read makes it trusted again; an older one arriving late does not move the clock back.
    cache.applyRevocations([], performance.now());
    cache.applyRevocations([], performance.now() - 60_000);
    expect(cache.get('hash-a')).toEqual(key('a').tenant);
  });

  it('drops the keys a read reports, and only those', () => {
    const cache = new ApiKeyCache(config());
    for (const id of ['a', 'b', 'c']) cache.set(`hash-${id}`, key(id), cache.generation);
    cache.applyRevocations(['a', 'c', 'not-cached'], performance.now());
    expect(['a', 'b', 'c'].map((id) => cache.get(`hash-${id}`) !== undefined)).toEqual([false, true, false]);
  });

  it('does not cache a lookup that was under way when a revocation was applied', () => {
    const cache = new ApiKeyCache(config());
    cache.applyRevocations([], performance.now());
    const before = cache.generation;
    cache.applyRevocations(['any-key'], performance.now());
    cache.set('hash-a', key('a'), before);
    expect(cache.get('hash-a')).toBeUndefined();
    cache.set('hash-a', key('a'), cache.generation);
    expect(cache.get('hash-a')).toEqual(key('a').tenant);
  });

  it('caches nothing with AUTH_CACHE_TTL_MS=0', () => {
    const cache = new ApiKeyCache(config({ AUTH_CACHE_TTL_MS: '0' }));
    expect(cache.enabled).toBe(false);
    cache.applyRevocations([], performance.now());
    cache.set('hash-a', key('a'), cache.generation);
    expect(cache.get('hash-a')).toBeUndefined();
  });
});
