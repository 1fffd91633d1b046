// Windows-1252 differs from ISO-8859-1 (Node's 'latin1') only in 0x80–0x9F. The five bytes Windows-1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode to the C1 controls ISO-8859-1 gives them, as the WHATWG
// Encoding Standard does, so an ISO-8859-1 file reads exactly; cell hygiene then removes them as control characters.
const C1_TO_WINDOWS_1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const C1_RANGE = /[\x80-\x9f]/g;

/** Decodes Windows-1252 bytes (a superset of ISO-8859-1). Every byte has a character: nothing is invalid. */
export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  C1_RANGE.lastIndex = 0;
  if (!C1_RANGE.test(latin1)) return latin1;
  return latin1.replace(C1_RANGE, (c) => C1_TO_WINDOWS_1252[c.charCodeAt(0) - 0x80]);
}
