// `needsFullHygiene` answered on the UTF-8 bytes a batch of text was decoded from, four bytes at a time. The
// text version is one native regular-expression scan plus a search for two spaces, about 2 ns per character;
// this reads 32-bit words and combines bit masks (SWAR), looking at single bytes only in the rare words that
// could hold something: a byte below 0x20 (mostly the line breaks), a DEL, a lead byte other than 0xC3 (the one
// Portuguese and Spanish letters use), or two spaces in a row. The bytes of every character `needsFullHygiene`
// looks for are:
//   U+0000–U+001F but LF, CR: 00–1F   U+007F: 7F   U+0080–U+00A0: C2 80–C2 A0   U+200B–U+200D: E2 80 8B–8D
//   U+2060: E2 81 A0   U+FEFF: EF BB BF   U+FFFD: EF BF BD   two spaces: 20 20   CR not before LF: 0D, not 0A

const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const LOWS = 0x7f7f7f7f;
const SPACES = 0x20202020;
const C3S = 0xc3c3c3c3 | 0;
// Moves the flag of a word's last byte in memory onto the flag of the next word's first byte.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** True when the text these well-formed UTF-8 bytes encode needs the full hygiene check (see `needsFullHygiene`). */
export function utf8NeedsFullHygiene(bytes: Uint8Array): boolean {
  const len = bytes.length;
  let i = 0;
  // Bytes before the first 4-byte boundary of the underlying buffer one by one (an Int32Array must be aligned).
  while (i < len && ((bytes.byteOffset + i) & 3) !== 0) {
    if (suspiciousAt(bytes, i)) return true;
    i++;
  }
  const words = (len - i) >> 2;
  if (words > 0) {
    const view = new Int32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = nextCandidate(view, 0); w < words; w = nextCandidate(view, w + 1)) {
      const at = i + 4 * w;
      for (let k = at; k < at + 4; k++) if (suspiciousAt(bytes, k)) return true;
    }
  }
  for (let k = i + 4 * words; k < len; k++) if (suspiciousAt(bytes, k)) return true;
  return false;
}

// The first word from `from` on that may hold a suspicious byte (`view.length` when none does). In a function
// of its own, given the view, so that the loop compiles to plain loads and bit operations.
function nextCandidate(view: Int32Array, from: number): number {
  const n = view.length;
  // Flags of spaces in the previous word (a space at the end of one word and the start of the next is a pair).
  let previousSpaces = from > 0 ? spaceFlags(view[from - 1]) : 0;
  for (let w = from; w < n; w++) {
    const x = view[w];
    const notX = ~x;
    const control = ((x - SPACES) | 0) & notX;
    const del = (((x & LOWS) + ONES) | 0) & notX;
    const spaces = spaceFlags(x);
    const carried = LITTLE_ENDIAN ? previousSpaces >>> 24 : previousSpaces << 24;
    const pairs = spaces & ((spaces << 8) | carried);
    previousSpaces = spaces;
    const otherLeads = x & (x << 1) & ~exactZeroFlags(x ^ C3S);
    if (((control | del | pairs | otherLeads) & HIGHS) !== 0) return w;
  }
  return n;
}

// A flag (0x80) on every byte that is a space, and maybe on a `!` next to one: never a space missed.
function spaceFlags(x: number): number {
  const y = x ^ SPACES;
  return ((y - ONES) | 0) & ~y & HIGHS;
}

// A flag (0x80) on exactly the zero bytes.
function exactZeroFlags(y: number): number {
  return ~((((y & LOWS) + LOWS) | 0) | y | LOWS);
}

function suspiciousAt(b: Uint8Array, k: number): boolean {
  const c = b[k];
  if (c > SPACE && c < 0x7f) return false;
  if (c === SPACE) return b[k + 1] === SPACE || (k > 0 && b[k - 1] === SPACE);
  if (c === LF) return false;
  if (c === CR) return b[k + 1] !== LF;
  if (c < SPACE || c === 0x7f) return true;
  if (c === 0xc2) return b[k + 1] <= 0xa0;
  if (c === 0xe2) return (b[k + 1] === 0x80 && b[k + 2] >= 0x8b && b[k + 2] <= 0x8d) || (b[k + 1] === 0x81 && b[k + 2] === 0xa0);
  if (c === 0xef) return (b[k + 1] === 0xbb && b[k + 2] === 0xbf) || (b[k + 1] === 0xbf && b[k + 2] === 0xbd);
  return false;
}
