import fc from 'fast-check';

// Values a careless or hostile client sends where an API expects something else. Each arbitrary says
// where the value goes (a path segment, a query value, a header, a JSON property), because each place has
// its own rules about what may be sent at all.

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** `text` as a URL component: its UTF-8 bytes, unreserved characters as they are, the rest as %XX. */
export function encodeComponent(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 0x80 && UNRESERVED.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/**
 * `text` as a header value: its UTF-8 bytes sent raw (so a server sees multi-byte and invalid sequences),
 * without the control characters an HTTP client refuses to send.
 */
export function headerSafe(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

/** A short form of a value for a report line. */
export function brief(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 30)}…(${text.length} chars)` : text;
}

/** Strings that mean something else to some layer: numbers, keywords, paths, escapes, scripts. */
const TRICKY = [
  '',
  ' ',
  '0',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '0x1F',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '.',
  '..',
  '../../../../etc/passwd',
  '..\\..\\windows',
  "' OR '1'='1",
  "'; DROP TABLE jobs; --",
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '\u202egnp.exe',
  '💥🧨',
  'İıß',
  '\ud83d',
  '\r\nX-Injected: 1',
  '2026-13-45T99:99:99Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '1970-01-01',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
];

/** Text a JavaScript string holds and a database may not: NUL characters, halves of surrogate pairs. */
const UNSTORABLE = ['a\u0000b', '\u0000', '\ud800', 'x\udfff', '\udc00\ud83d', '💥\u0000'];

/** Any of the above, random text (well-formed or with lone surrogates), or numbers. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TRICKY), weight: 5 },
  { arbitrary: fc.constantFrom(...UNSTORABLE), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 1 },
);

/** A string far longer than any field wants (past the 16 KB of request line and headers Node accepts). */
const hugeText: fc.Arbitrary<string> = fc.integer({ min: 256, max: 70_000 }).map((n) => 'x'.repeat(n));

/** Hostile text, now and then a huge one. */
export const hostileOrHuge: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileText, weight: 15 },
  { arbitrary: hugeText, weight: 1 },
);

/** A path segment as sent on the wire: dot segments, encoded slashes, invalid UTF-8, and encoded text. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '.',
      '..',
      '%2e',
      '%2E%2E',
      '.%2e',
      '%2f',
      '%2F..%2F',
      '..%2f..%2f..%2f',
      '%5c',
      '..%5c..%5c',
      '%c0%ae%c0%ae',
      '%ff%fe',
      '%e2%80%ae',
      '%00',
      '%',
      '%zz',
      '%%32%65',
      ';',
      '%3B',
      '*',
      '~',
      '+',
      '%20',
      '',
    ),
    weight: 4,
  },
  { arbitrary: hostileOrHuge.map(encodeComponent), weight: 10 },
  {
    // Raw bytes, most of them not UTF-8.
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 12 })
      .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
    weight: 2,
  },
  {
    // Latin-1 characters sent unencoded: bytes 0x80–0xFF straight in the request line.
    arbitrary: fc
      .array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 6 })
      .map((codes) => String.fromCharCode(...codes)),
    weight: 1,
  },
);

/** A header value: tricky text, huge values, raw UTF-8 and invalid bytes. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileText.map(headerSafe), weight: 16 },
  {
    arbitrary: fc
      .array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 8 })
      .map((codes) => String.fromCharCode(...codes)),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'h'.repeat(n)), weight: 1 },
);

/** Nested `depth` levels of arrays or objects. */
const nested = (depth: number, kind: 'array' | 'object'): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
};

/** A JSON value where the schema wants another: every type, extremes, nesting, huge strings. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 53 + 2,
      '',
      [],
      {},
      [null],
      { '': '' },
      { $gt: '' },
      { toString: 'x' },
    ),
    weight: 5,
  },
  { arbitrary: hostileText, weight: 5 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  {
    arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, fc.array(hostileText)), { maxKeys: 3 }),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 2, max: 40 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([depth, kind]) => nested(depth, kind)),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 100_000, max: 1_200_000 }).map((n) => 'y'.repeat(n)), weight: 1 },
);

/** Extreme instants: the ends of what JavaScript and Postgres can hold, and past them. */
const EXTREME_DATES = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '-004714-11-23T00:00:00.000Z',
  '+294277-01-01T00:00:00.000Z',
  '1970-01-01T00:00:00.000Z',
  'not a date',
];

/** Ids that look like UUIDs to a loose check and are not. */
const ALMOST_IDS = ['-'.repeat(36), 'f'.repeat(36), '00000000-0000-0000-0000-00000000000g', ''];

/**
 * An opaque token (a page cursor, say) forged the way such tokens are usually built: base64url of a JSON
 * array of instants, ids and hostile text.
 */
export const forgedToken: fc.Arbitrary<string> = fc
  .oneof(
    {
      arbitrary: fc.tuple(
        fc.oneof(
          fc.constantFrom(...EXTREME_DATES),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        fc.oneof(fc.constantFrom(...ALMOST_IDS), fc.uuid()),
      ),
      weight: 3,
    },
    { arbitrary: fc.array(fc.oneof(hostileText, hostileJson), { maxLength: 3 }), weight: 1 },
  )
  .map((items) => Buffer.from(JSON.stringify(items)).toString('base64url'));
