import { isAscii, isUtf8 } from 'node:buffer';
import { completeUtf8Prefix, scanUtf8 } from './utf8-scan';
import { decodeWindows1252 } from './windows-1252';

/** Encodings the reader tells apart; 'ascii' means no byte above 0x7F was seen (valid as any of the others). */
export const DETECTED_ENCODINGS = ['ascii', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type DetectedEncoding = (typeof DETECTED_ENCODINGS)[number];

/** UTF-16 without a BOM still shows itself: text starting in ASCII has a zero in every other byte. */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4) return null;
  if (bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return 'utf-16be';
  return null;
}

/** Bytes that could not be decoded (each became U+FFFD in the text). */
export interface InvalidBytes {
  readonly count: number;
  /** Absolute offset of the first one in the input, or null. */
  readonly firstOffset: number | null;
  /** The first one as hex, e.g. `0xE9`. */
  readonly firstByte: string | null;
}

// Enough bytes after the first non-ASCII byte to tell UTF-8 from Windows-1252 with confidence.
const DECISION_WINDOW = 1024;
// Well-formed UTF-8 decodes to the same text either way, and in streaming mode about twice as fast on Node 20
// (which then uses ICU's converter instead of its non-streaming fast path). The bytes passed always end on a
// complete character, so the decoder holds nothing back between calls.
const STREAMING = { stream: true };

/**
 * Streaming byte → text decoding with encoding detection. The encoding is decided lazily: a BOM decides it at
 * once; otherwise the file is ASCII until the first byte above 0x7F, and the bytes around it decide between
 * UTF-8 and Windows-1252 (both agree on everything before, so nothing has to be re-decoded).
 */
export class ByteDecoder {
  private state: 'start' | DetectedEncoding = 'start';
  private held: Buffer | null = null;
  /** Absolute offset of the first byte not yet decoded (held bytes excluded). */
  private offset = 0;
  private invalidCount = 0;
  private firstInvalidOffset = -1;
  private firstInvalidByte = -1;
  private sawBom = false;
  private source: Uint8Array | null = null;
  // Well-formed bytes, always in streaming mode (see STREAMING).
  private readonly wellFormedUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  // Bytes with bad sequences: Node's default decoding and replacements, never switched to streaming mode.
  private readonly utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

  get encoding(): DetectedEncoding {
    return this.state === 'start' ? 'ascii' : this.state;
  }

  get bom(): boolean {
    return this.sawBom;
  }

  get invalidBytes(): InvalidBytes {
    return {
      count: this.invalidCount,
      firstOffset: this.firstInvalidOffset < 0 ? null : this.firstInvalidOffset,
      firstByte:
        this.firstInvalidByte < 0
          ? null
          : `0x${this.firstInvalidByte.toString(16).toUpperCase().padStart(2, '0')}`,
    };
  }

  /**
   * The bytes the text last returned was decoded from, when they are well-formed UTF-8 (ASCII included) and
   * that text is all they hold; null otherwise. Lets a consumer scan the bytes instead of the text.
   */
  get utf8Source(): Uint8Array | null {
    return this.source;
  }

  /** Decodes a chunk; bytes of an incomplete character are held until the next chunk. */
  write(chunk: Buffer): string {
    return this.decode(this.held ? Buffer.concat([this.held, chunk]) : chunk, false);
  }

  /** Flushes held bytes (an incomplete character at the end of the input is undecodable). */
  end(): string {
    const rest = this.held ?? Buffer.alloc(0);
    return this.decode(rest, true);
  }

  private decode(bytes: Buffer, final: boolean): string {
    this.held = null;
    this.source = null;
    if (this.state === 'start') {
      if (bytes.length < 4 && !final) return this.hold(bytes, 0);
      bytes = this.detectBom(bytes);
    }
    switch (this.state) {
      case 'start':
      case 'ascii':
        return this.decodeUndecided(bytes, final);
      case 'utf-8':
        return this.decodeUtf8(bytes, final);
      case 'windows-1252':
        return this.decode1252(bytes);
      case 'utf-16le':
      case 'utf-16be':
        return this.decodeUtf16(bytes, final);
    }
  }

  private detectBom(bytes: Buffer): Buffer {
    let skip = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.state = 'utf-8';
      skip = 3;
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      this.state = 'utf-16le';
      skip = 2;
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      this.state = 'utf-16be';
      skip = 2;
    } else {
      this.state = utf16WithoutBom(bytes) ?? 'ascii';
      return bytes;
    }
    this.sawBom = true;
    this.offset += skip;
    return bytes.subarray(skip);
  }

  private decodeUndecided(bytes: Buffer, final: boolean): string {
    if (isAscii(bytes)) {
      this.source = bytes;
      return this.consume(bytes.toString('latin1'), bytes.length);
    }
    let first = 0;
    while (bytes[first] < 0x80) first++;
    if (bytes.length - first < DECISION_WINDOW && !final) {
      this.source = bytes.subarray(0, first);
      const prefix = this.consume(bytes.toString('latin1', 0, first), first);
      return prefix + this.hold(bytes, first);
    }
    const tail = final ? bytes.length : first + completeUtf8Prefix(bytes.subarray(first));
    // Well-formed multi-byte sequences hardly ever occur in Windows-1252 text (they read as mojibake such as
    // "Ã¡"): at least as many of them as bad bytes is UTF-8 with some corruption. Otherwise a single-byte encoding.
    // Well-formed UTF-8, the usual case, is recognised natively without counting.
    const scan = isUtf8(bytes.subarray(first, tail)) ? null : scanUtf8(bytes, first, tail);
    this.state = !scan || scan.invalid === 0 || scan.multiByte >= scan.invalid ? 'utf-8' : 'windows-1252';
    return this.state === 'utf-8' ? this.decodeUtf8(bytes, final) : this.decode1252(bytes);
  }

  private decodeUtf8(bytes: Buffer, final: boolean): string {
    const cut = final ? bytes.length : completeUtf8Prefix(bytes);
    const whole = cut === bytes.length ? bytes : bytes.subarray(0, cut);
    let decoded: string;
    if (isUtf8(whole)) {
      this.source = whole;
      decoded = this.wellFormedUtf8.decode(whole, STREAMING);
    } else {
      const scan = scanUtf8(whole);
      this.noteInvalid(scan.invalid, scan.firstInvalid, whole[scan.firstInvalid]);
      decoded = this.utf8.decode(whole);
    }
    const text = this.consume(decoded, cut);
    return cut === bytes.length ? text : text + this.hold(bytes, cut);
  }

  private decode1252(bytes: Buffer): string {
    return this.consume(decodeWindows1252(bytes), bytes.length);
  }

  private decodeUtf16(bytes: Buffer, final: boolean): string {
    let even = bytes.length & ~1;
    // Never split a surrogate pair: hold a trailing high surrogate with its partner's bytes.
    if (!final && even >= 2) {
      const hi = this.state === 'utf-16le' ? bytes[even - 1] : bytes[even - 2];
      if (hi >= 0xd8 && hi <= 0xdb) even -= 2;
    }
    let part = bytes.subarray(0, even);
    if (this.state === 'utf-16be') part = Buffer.from(part).swap16();
    const text = this.consume(part.toString('utf16le'), even);
    if (final && even < bytes.length) {
      this.noteInvalid(1, even, bytes[even]);
      return `${text}\ufffd`;
    }
    return even < bytes.length ? text + this.hold(bytes, even) : text;
  }

  private noteInvalid(count: number, index: number, byte: number): void {
    if (this.invalidCount === 0) {
      this.firstInvalidOffset = this.offset + index;
      this.firstInvalidByte = byte;
    }
    this.invalidCount += count;
  }

  private consume(text: string, byteCount: number): string {
    this.offset += byteCount;
    return text;
  }

  private hold(bytes: Buffer, from: number): string {
    // Copy: a held slice must not pin the whole chunk it came from.
    this.held = Buffer.from(bytes.subarray(from));
    return '';
  }
}
