// Windows-1252 differs from ISO-8859-1 (Node's 'latin1') only in 0x80–0x9F; five of those bytes are undefined
// and decode to U+FFFD so that they are reported like any other undecodable byte.
const C1_TO_WINDOWS_1252 =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

const C1_RANGE = /[\x80-\x9f]/g;

/** Decodes Windows-1252 bytes (a superset of ISO-8859-1 for printable text). */
export function decodeWindows1252(bytes: Buffer): { readonly text: string; readonly undefinedBytes: number; readonly firstUndefined: number } {
  const latin1 = bytes.toString('latin1');
  C1_RANGE.lastIndex = 0;
  if (!C1_RANGE.test(latin1)) return { text: latin1, undefinedBytes: 0, firstUndefined: -1 };
  let undefinedBytes = 0;
  let firstUndefined = -1;
  const text = latin1.replace(C1_RANGE, (c, index: number) => {
    const mapped = C1_TO_WINDOWS_1252[c.charCodeAt(0) - 0x80];
    if (mapped === '\ufffd') {
      undefinedBytes++;
      if (firstUndefined < 0) firstUndefined = index;
    }
    return mapped;
  });
  return { text, undefinedBytes, firstUndefined };
}
