/** One of a key's slots, held until released (or, if its holder dies, until its lease runs out). */
export interface ConcurrencyLease {
  release(): Promise<void>;
}

/** At most `limit` holders of a key at once. */
export abstract class ConcurrencyLimiter {
  /** A slot of `key`, or null when all `limit` are held. Rejects only when the counters cannot be reached. */
  abstract tryAcquire(key: string, limit: number): Promise<ConcurrencyLease | null>;
}
