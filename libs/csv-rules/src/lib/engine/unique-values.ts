/** Distinct values remembered per unique column (tables of 24 MiB at most); past this, later rows are not compared. */
export const UNIQUE_TRACKING_LIMIT = 1_000_000;

const INITIAL_CAPACITY = 1 << 12;
// A slot is three 32-bit integers side by side: two hashes of the value and its 1-based row (0: empty). One
// probe then reads one cache line, where three separate arrays cost three misses once the table is large.
const SLOT = 3;

/**
 * Remembers the first row of each value, up to a bound, to report repeats. Values are kept as two independent
 * 32-bit hashes in a typed array rather than as strings: no per-value garbage for the collector, and a false match
 * needs both hashes to collide (about 1 in 10^9 for a million values).
 */
export class UniqueValues {
  /** Set when the bound was reached; later values are no longer remembered. */
  limitReached = false;
  private capacity = INITIAL_CAPACITY;
  private slots = new Int32Array(INITIAL_CAPACITY * SLOT);
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
    const slots = this.slots;
    const mask = this.capacity - 1;
    let at = ((a ^ (a >>> 16)) & mask) * SLOT;
    while (slots[at + 2] !== 0) {
      if (slots[at] === a && slots[at + 1] === b) return slots[at + 2];
      at = at + SLOT === slots.length ? 0 : at + SLOT;
    }
    if (this.size >= this.limit) {
      this.limitReached = true;
      return 0;
    }
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = row;
    // Linear probing stays short up to three quarters full.
    if (++this.size * 4 > this.capacity * 3) this.grow();
    return 0;
  }

  private grow(): void {
    this.capacity *= 2;
    this.slots = rehash(this.slots, this.capacity);
  }
}

// Apart from `grow` so that the compiled loop returns to a caller instead of running into `this` stores it has no
// type feedback for (which threw the optimised code away at every doubling).
function rehash(old: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(capacity * SLOT);
  const mask = capacity - 1;
  for (let from = 0; from < old.length; from += SLOT) {
    if (old[from + 2] === 0) continue;
    const a = old[from];
    let at = ((a ^ (a >>> 16)) & mask) * SLOT;
    while (slots[at + 2] !== 0) at = at + SLOT === slots.length ? 0 : at + SLOT;
    slots[at] = a;
    slots[at + 1] = old[from + 1];
    slots[at + 2] = old[from + 2];
  }
  return slots;
}
