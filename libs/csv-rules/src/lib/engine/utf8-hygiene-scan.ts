// `needsFullHygiene` answered on the UTF-8 bytes a batch of text was decoded from. The text version is one
// native regular-expression scan plus a search for two spaces, about 2 ns per character; this one compares 16
// bytes at a time with WebAssembly SIMD (about 0.3 ns per byte, the copy into its memory included) and looks at
// single bytes only in the rare blocks that may hold something. The bytes of what `needsFullHygiene` looks for:
//   U+0000–U+001F but LF, CR: 00–1F   U+007F: 7F   U+0080–U+00A0: C2 80–C2 A0   U+200B–U+200D: E2 80 8B–8D
//   U+2060: E2 81 A0   U+FEFF: EF BB BF   U+FFFD: EF BF BD   two spaces: 20 20   CR not before LF: 0D, not 0A
import { simdBlockScanner } from './simd-block-scan';

const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

/**
 * A function telling whether the text these well-formed UTF-8 bytes encode needs the full hygiene check (the
 * same answer as `needsFullHygiene` on the text), or null where WebAssembly is not available (`--jitless`).
 */
export function utf8HygieneScan(): ((bytes: Uint8Array) => boolean) | null {
  const scanner = simdBlockScanner();
  if (!scanner) return null;
  return (bytes) => {
    const { data, nextBlock } = scanner.load(bytes);
    const len = bytes.length;
    const blocks = len - (len % 16);
    for (let at = nextBlock(0, blocks); at < blocks; at = nextBlock(at + 16, blocks)) {
      for (let k = at; k < at + 16; k++) if (suspiciousAt(data, k)) return true;
    }
    for (let k = blocks; k < len; k++) if (suspiciousAt(data, k)) return true;
    return false;
  };
}

// `b` has a zero byte before index 0 and after the last one, as the SIMD filter assumes too.
function suspiciousAt(b: Uint8Array, k: number): boolean {
  const c = b[k];
  if (c > SPACE && c < 0x7f) return false;
  if (c === SPACE) return b[k + 1] === SPACE || b[k - 1] === SPACE;
  if (c === LF) return false;
  if (c === CR) return b[k + 1] !== LF;
  if (c < SPACE || c === 0x7f) return true;
  if (c === 0xc2) return b[k + 1] <= 0xa0;
  if (c === 0xe2) return (b[k + 1] === 0x80 && b[k + 2] >= 0x8b && b[k + 2] <= 0x8d) || (b[k + 1] === 0x81 && b[k + 2] === 0xa0);
  if (c === 0xef) return (b[k + 1] === 0xbb && b[k + 2] === 0xbf) || (b[k + 1] === 0xbf && b[k + 2] === 0xbd);
  return false;
}
