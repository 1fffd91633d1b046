/** What a byte range holds when read as UTF-8. */
export interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  readonly multiByte: number;
  /** Ill-formed sequences (each replaced by U+FFFD when decoded). */
  readonly invalid: number;
  /** Index of the first ill-formed byte, or -1. */
  readonly firstInvalid: number;
}

// The slow path of decoding: only run on a chunk the native `isUtf8` rejected, or once to choose the encoding.
// Follows the WHATWG decoder's notion of a maximal ill-formed subpart closely enough to count and locate them.
export function scanUtf8(bytes: Uint8Array, start = 0, end = bytes.length): Utf8Scan {
  let multiByte = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0 && i + need < end;
    if (ok) {
      const b1 = bytes[i + 1];
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      ok = b1 >= lo && b1 <= hi;
      for (let k = 2; ok && k <= need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    }
    if (ok) {
      multiByte++;
      i += need + 1;
    } else {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    }
  }
  return { multiByte, invalid, firstInvalid };
}

/**
 * Where a chunk can be cut without splitting a UTF-8 sequence: the bytes after the returned index are the
 * start of a sequence that continues in the next chunk.
 */
export function completeUtf8Prefix(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
    return need > back ? end - back : end;
  }
  return end;
}
