// A 210-byte WebAssembly module that finds, 16 bytes at a time, the first block of UTF-8 text holding a byte
// the hygiene check may care about. It is assembled below from its instructions; in text format:
//
//   (func (export "next") (param $p i32) (param $end i32) (result i32)   ;; first block in [p, end), or end
//     (local $v v128) (local $space v128) (local $lf v128) (local $cr v128)
//     ;; $space, $lf, $cr = i8x16.splat of 0x20, 0x0A, 0x0D
//     (block (loop
//       (br_if 1 (i32.ge_u $p $end))
//       (local.set $v (v128.load $p))
//       (br_if 1 (v128.any_true (v128.or ...
//         (v128.andnot (v128.andnot (i8x16.lt_u $v $space) (i8x16.eq $v $lf))      ;; a control byte but LF,
//                      (v128.and (i8x16.eq $v $cr) (i8x16.eq (v128.load offset=1 $p) $lf)))  ;; but CR before LF
//         (i8x16.eq $v 0x7F) (i8x16.eq $v 0xC2) (i8x16.eq $v 0xE2) (i8x16.eq $v 0xEF)   ;; DEL, lead bytes
//         (v128.and (i8x16.eq $v $space) (i8x16.eq (v128.load (i32.sub $p 1)) $space)))))  ;; two spaces
//       (local.set $p (i32.add $p 16)) (br 0)))
//     $p)
//
// The lead bytes C2, E2 and EF start every character above U+007F that matters (and a few that do not, such as
// º or –): their blocks get a closer look in JavaScript.

const SIMD = 0xfd;
const V128 = 0x7b;
const I32 = 0x7f;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  i32: (n: number) => [0x41, ...signedLeb(n)],
  add: [0x6a],
  sub: [0x6b],
  geU: [0x4f],
  load: (offset: number) => [SIMD, 0x00, 0x00, offset],
  splat: [SIMD, 0x0f],
  eq: [SIMD, 0x23],
  ltU: [SIMD, 0x26],
  and: [SIMD, 0x4e],
  andnot: [SIMD, 0x4f],
  or: [SIMD, 0x50],
  anyTrue: [SIMD, 0x53],
};

// Locals: the two parameters, then the v128 ones.
const P = 0;
const END = 1;
const V = 2;
const SPACE = 3;
const LF = 4;
const CR = 5;

const splatInto = (byte: number, local: number): number[] => [...op.i32(byte), ...op.splat, ...op.set(local)];
const vEquals = (byte: number): number[] => [...op.get(V), ...op.i32(byte), ...op.splat, ...op.eq];

const BODY = [
  1, 4, V128,
  ...splatInto(0x20, SPACE), ...splatInto(0x0a, LF), ...splatInto(0x0d, CR),
  ...op.block, ...op.loop,
  ...op.get(P), ...op.get(END), ...op.geU, ...op.brIf(1),
  ...op.get(P), ...op.load(0), ...op.set(V),
  ...op.get(V), ...op.get(SPACE), ...op.ltU,
  ...op.get(V), ...op.get(LF), ...op.eq, ...op.andnot,
  ...op.get(V), ...op.get(CR), ...op.eq, ...op.get(P), ...op.load(1), ...op.get(LF), ...op.eq, ...op.and, ...op.andnot,
  ...vEquals(0x7f), ...op.or,
  ...vEquals(0xc2), ...op.or,
  ...vEquals(0xe2), ...op.or,
  ...vEquals(0xef), ...op.or,
  ...op.get(V), ...op.get(SPACE), ...op.eq, ...op.get(P), ...op.i32(1), ...op.sub, ...op.load(0), ...op.get(SPACE), ...op.eq, ...op.and, ...op.or,
  ...op.anyTrue, ...op.brIf(1),
  ...op.get(P), ...op.i32(16), ...op.add, ...op.set(P), ...op.br(0),
  ...op.end, ...op.end,
  ...op.get(P),
  ...op.end,
];

const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 2, I32, I32, 1, I32]), // type: (i32, i32) -> i32
  ...section(3, [1, 0]), // one function of that type
  ...section(5, [1, 0, 2]), // memory: 2 pages (128 KiB) to start with
  ...section(7, [2, ...name('memory'), 2, 0, ...name('next'), 0, 0]),
  ...section(10, [1, ...unsignedLeb(BODY.length), ...BODY]),
]);

/** Bytes are copied to this offset: the zero bytes before them stand for "no previous byte". */
const BASE = 16;
const PAGE = 64 * 1024;

export interface SimdBlockScanner {
  /**
   * Copies `bytes` into the module's memory. `data` views them there, with zero bytes before and after them;
   * `nextBlock(from, end)` is the offset of the first 16-byte block in [from, end) that may hold a byte the
   * hygiene check cares about, or `end` (`from` and `end` multiples of 16).
   */
  load(bytes: Uint8Array): { readonly data: Uint8Array; readonly nextBlock: (from: number, end: number) => number };
}

// The little of the WebAssembly API used here (its typings come with the DOM library, which this lib does not load).
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
};

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

let shared: SimdBlockScanner | null | undefined;

/** The scanner, or null where WebAssembly (with SIMD) is not available. One per process: it is used synchronously. */
export function simdBlockScanner(): SimdBlockScanner | null {
  if (shared === undefined) shared = instantiate();
  return shared;
}

function instantiate(): SimdBlockScanner | null {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(MODULE)) return null;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports;
  const memory = exports['memory'] as WasmMemory;
  const next = exports['next'] as (p: number, end: number) => number;
  const nextBlock = (from: number, end: number): number => next(BASE + from, BASE + end) - BASE;
  return {
    load(bytes) {
      // Room for the bytes, the zeros around them and the reads a block ahead.
      const needed = BASE + bytes.length + 32;
      if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      const data = new Uint8Array(memory.buffer, BASE, bytes.length + 16);
      data.set(bytes);
      data.fill(0, bytes.length, bytes.length + 16);
      return { data, nextBlock };
    },
  };
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}

function signedLeb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0)) return [...out, low];
    out.push(low | 0x80);
  }
}
