/** Distinct values remembered per unique column (tables of 24 MiB at most); past this, later rows are not compared. */
export const UNIQUE_TRACKING_LIMIT = 1_000_000;

const INITIAL_CAPACITY = 1 << 12;

/**
 * Remembers the first row of each value, up to a bound, to report repeats. Values are kept as two independent
 * 32-bit hashes in typed arrays rather than as strings: no per-value garbage for the collector, and a false match
 * needs both hashes to collide (about 1 in 10^9 for a million values).
 */
export class UniqueValues {
  /** Set when the bound was reached; later values are no longer remembered. */
  limitReached = false;
  private capacity = INITIAL_CAPACITY;
  private hashA = new Int32Array(INITIAL_CAPACITY);
  private hashB = new Int32Array(INITIAL_CAPACITY);
  /** 1-based row of each slot; 0 marks an empty slot. */
  private rows = new Int32Array(INITIAL_CAPACITY);
  private size = 0;

  constructor(private readonly limit = UNIQUE_TRACKING_LIMIT) {}

  /** The earlier row with this value, or 0 (rows are 1-based). */
  see(value: string, row: number): number {
    let a = 0x811c9dc5 | 0;
    let b = 0x9747b28c | 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    const mask = this.capacity - 1;
    let slot = (a ^ (a >>> 16)) & mask;
    while (this.rows[slot] !== 0) {
      if (this.hashA[slot] === a && this.hashB[slot] === b) return this.rows[slot];
      slot = (slot + 1) & mask;
    }
    if (this.size >= this.limit) {
      this.limitReached = true;
      return 0;
    }
    this.hashA[slot] = a;
    this.hashB[slot] = b;
    this.rows[slot] = row;
    // Linear probing stays short up to three quarters full.
    if (++this.size * 4 > this.capacity * 3) this.grow();
    return 0;
  }

  private grow(): void {
    const { hashA, hashB, rows } = this;
    this.capacity *= 2;
    this.hashA = new Int32Array(this.capacity);
    this.hashB = new Int32Array(this.capacity);
    this.rows = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      let slot = (hashA[i] ^ (hashA[i] >>> 16)) & mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
      this.hashA[slot] = hashA[i];
      this.hashB[slot] = hashB[i];
      this.rows[slot] = rows[i];
    }
  }
}
