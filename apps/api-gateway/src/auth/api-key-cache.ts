import { Injectable } from '@nestjs/common';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { LRUCache } from 'lru-cache';
import { ApiGatewayConfig } from '../config/api-gateway.config';

/** A cached key is trusted only while the revocation feed was read within this many poll intervals. */
const TRUSTED_FEED_POLLS = 4;

export interface CachedApiKey {
  readonly tenant: TenantIdentity;
  readonly keyId: string;
}

/**
 * The API keys this replica has resolved, by SHA-256 of the key, for AUTH_CACHE_TTL_MS, so a busy client
 * costs one lookup per TTL instead of one per request. Revocations reach it through the revocation feed
 * (ApiKeyRevocationFeed), and the TTL does not decide how long a revoked key keeps working:
 * - an entry is served only while the feed was read within TRUSTED_FEED_POLLS intervals (when the feed
 *   cannot be read, every request is looked up again, and a revoked key is refused all the same);
 * - a lookup that was under way when the feed reported a revocation is not cached: it may have read the
 *   key just before it was revoked.
 * So a key revoked at T is refused on this replica from T + TRUSTED_FEED_POLLS × API_KEY_REVOCATION_POLL_MS.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries: LRUCache<string, CachedApiKey> | undefined;
  private readonly trustWindowMs: number;
  /** performance.now() when the last feed read that was applied was sent. */
  private feedReadAt = Number.NEGATIVE_INFINITY;
  private revocationsApplied = 0;

  constructor(config: ApiGatewayConfig) {
    this.entries =
      config.authCacheTtlMs > 0 ? new LRUCache({ max: 10_000, ttl: config.authCacheTtlMs }) : undefined;
    this.trustWindowMs = TRUSTED_FEED_POLLS * config.apiKeyRevocationPollMs;
  }

  /** False when AUTH_CACHE_TTL_MS is 0: every request is looked up, and no feed is needed. */
  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /** The tenant of a cached key, if the cache can be trusted now. */
  get(keyHash: string): TenantIdentity | undefined {
    if (!this.entries || performance.now() - this.feedReadAt > this.trustWindowMs) return undefined;
    return this.entries.get(keyHash)?.tenant;
  }

  /** Read before a lookup and handed to `set` with its answer. */
  get generation(): number {
    return this.revocationsApplied;
  }

  /** Caches a lookup's answer, unless a revocation was applied since it began (`generation`). */
  set(keyHash: string, key: CachedApiKey, generation: number): void {
    if (generation === this.revocationsApplied) this.entries?.set(keyHash, key);
  }

  /**
   * The outcome of a feed read sent at `readAt` (performance.now()): the keys it reported for the first time
   * are dropped, and the cache is trusted as of `readAt`.
   */
  applyRevocations(keyIds: readonly string[], readAt: number): void {
    if (keyIds.length > 0) {
      this.revocationsApplied++;
      if (this.entries) {
        // A scan, but only when a key was revoked, which is rare; no index to keep on every insert.
        const revoked = new Set(keyIds);
        const drop = [...this.entries.entries()].filter(([, entry]) => revoked.has(entry.keyId));
        for (const [hash] of drop) this.entries.delete(hash);
      }
    }
    this.feedReadAt = Math.max(this.feedReadAt, readAt);
  }
}
