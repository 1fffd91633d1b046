import { ConcurrencyLease, ConcurrencyLimiter } from '../concurrency-limiter.port';

/** Slots counted in this process: right for one process holding every slot (`npm start`). */
export class InMemoryConcurrencyLimiter extends ConcurrencyLimiter {
  private readonly held = new Map<string, number>();

  async tryAcquire(key: string, limit: number): Promise<ConcurrencyLease | null> {
    const held = this.held.get(key) ?? 0;
    if (held >= limit) return null;
    this.held.set(key, held + 1);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        const left = (this.held.get(key) ?? 1) - 1;
        if (left > 0) this.held.set(key, left);
        else this.held.delete(key);
      },
    };
  }
}
