/**
 * Which character a column uses as decimal separator, decided once per column from a sample of its values:
 * `comma` is Brazilian (`1.234,56`), `dot` is the plain/English form (`1,234.56`), `mixed` when the sample has
 * both (then no value with separators is converted), `unknown` when it has no evidence either way (then only
 * unambiguous values are converted).
 */
export const NUMBER_STYLES = ['comma', 'dot', 'mixed', 'unknown'] as const;
export type NumberStyle = (typeof NUMBER_STYLES)[number];

export type NumberReading =
  /** `canonical` is the plain form (`1234.56`); `changed` when it differs from the cell. */
  | { readonly kind: 'number'; readonly canonical: string; readonly value: number; readonly decimals: number }
  /** Separators that only the column's style could resolve, and the column has none (`1.234`). */
  | { readonly kind: 'ambiguous'; readonly readings: readonly [string, string] }
  /** Unambiguous but written in the other style than the rest of the column. */
  | { readonly kind: 'conflict'; readonly canonical: string }
  | { readonly kind: 'scientific' }
  | { readonly kind: 'invalid' };

const PLAIN = /^[+-]?\d+(\.\d+)?$/;
const NUMERIC = /^[+-]?[\d.,]*\d[\d.,]*$/;
const SCIENTIFIC = /^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$/;
const DOT_GROUPS = /^\d{1,3}(\.\d{3})+$/;
const COMMA_GROUPS = /^\d{1,3}(,\d{3})+$/;
const SPACE_GROUPS = /^([+-]?\d{1,3})([ \u00a0\u202f]\d{3})+([.,]\d+)?$/;

/**
 * The fast path for the common case: an unsigned number already in plain form that the column's style cannot
 * reinterpret. Returns its number of decimals, or -1 when the general reader is needed.
 */
export function plainDecimals(text: string, style: NumberStyle): number {
  const len = text.length;
  let dot = -1;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c !== 46 || dot >= 0 || i === 0 || i === len - 1) return -1;
    dot = i;
  }
  if (len === 0) return -1;
  if (dot < 0) return 0;
  const decimals = len - dot - 1;
  // `1.234` is one thousand two hundred and thirty-four in a Brazilian column.
  return decimals === 3 && style !== 'dot' && isDotThousands(text) ? -1 : decimals;
}

// Exact doubles; 10^22 is the largest power of ten that is one.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
// At most this many characters, a plain number's digits form an integer below 2^53, exact as a double.
const EXACT_DIGITS = 15;

/** `Number(text)`, through `plainNumber`'s exact fast path for the plain form (`1234`, `12.50`) every valid cell has. */
export function numberOf(text: string): number {
  const plain = plainNumber(text, 'dot');
  return Number.isNaN(plain) ? Number(text) : plain;
}

/**
 * The number of a cell that `plainDecimals` accepts, read in the same pass (this runs for every numeric cell):
 * the digits as an integer divided by a power of ten, both exact doubles, so it is the very double `Number`
 * returns. NaN where `plainDecimals` returns -1 and the general reader is needed.
 */
export function plainNumber(text: string, style: NumberStyle): number {
  const len = text.length;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      continue;
    }
    if (c !== 46 || dot >= 0 || i === 0 || i === len - 1) return NaN;
    dot = i;
  }
  if (len === 0) return NaN;
  if (dot >= 0 && len - dot - 1 === 3 && style !== 'dot' && isDotThousands(text)) return NaN;
  if (len > EXACT_DIGITS) return Number(text);
  return dot < 0 ? digits : digits / POWERS_OF_TEN[len - dot - 1];
}

/** Decimal places of a number in plain form (`12.50`: 2). */
export function decimalPlaces(plain: string): number {
  const dot = plain.indexOf('.');
  return dot < 0 ? 0 : plain.length - dot - 1;
}

/** Reads a number written by a seller; `text` has no currency or unit left. */
export function readNumber(text: string, style: NumberStyle): NumberReading {
  let s = text;
  if (SPACE_GROUPS.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  if (PLAIN.test(s) && !(style !== 'dot' && isDotThousands(s))) return number(s);
  if (SCIENTIFIC.test(s)) return { kind: 'scientific' };
  if (!NUMERIC.test(s)) return { kind: 'invalid' };
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  const body = sign ? s.slice(1) : s;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  // The last separator is the decimal one when both appear; the other one must form thousands groups.
  if (lastDot >= 0 && lastComma >= 0) {
    const commaDecimal = lastComma > lastDot;
    const thousands = commaDecimal ? '.' : ',';
    const groups = commaDecimal ? DOT_GROUPS : COMMA_GROUPS;
    const at = commaDecimal ? lastComma : lastDot;
    const intPart = body.slice(0, at);
    const frac = body.slice(at + 1);
    if (!groups.test(intPart) || !/^\d+$/.test(frac)) {
      return { kind: 'invalid' };
    }
    return resolved(
      sign + intPart.split(thousands).join('') + '.' + frac,
      commaDecimal ? 'comma' : 'dot',
      style,
    );
  }
  const sep = lastComma >= 0 ? ',' : '.';
  const parts = body.split(sep);
  if (parts.some((p) => p.length === 0)) return { kind: 'invalid' };
  if (parts.length > 2) {
    // `1.234.567` can only be thousands.
    if (!(sep === '.' ? DOT_GROUPS : COMMA_GROUPS).test(body)) return { kind: 'invalid' };
    return resolved(sign + parts.join(''), sep === '.' ? 'comma' : 'dot', style);
  }
  const groupLike = parts[0].length <= 3 && parts[1].length === 3 && parts[0][0] !== '0';
  if (groupLike) {
    const asThousands = sign + parts.join('');
    const asDecimal = sign + parts[0] + '.' + parts[1];
    // The separator is decimal in its own style and thousands in the other.
    const decimalStyle = sep === ',' ? 'comma' : 'dot';
    if (style === 'unknown' || style === 'mixed')
      return { kind: 'ambiguous', readings: [asThousands, asDecimal] };
    return number(style === decimalStyle ? asDecimal : asThousands);
  }
  return resolved(sign + parts[0] + '.' + parts[1], sep === ',' ? 'comma' : 'dot', style);
}

/** What one value says about its column's style, if anything. */
function styleEvidence(text: string): NumberStyle {
  // Most samples are plain (`12`, `12.50`): only a three-digit fraction after a short integer part says nothing.
  const decimals = plainDecimals(text, 'dot');
  if (decimals === 0) return 'unknown';
  if (decimals > 0)
    return decimals === 3 && text.length <= 7 && text.charCodeAt(0) !== 48 ? 'unknown' : 'dot';
  // Only the number matters: a currency before it or a unit after it says nothing about separators.
  let s = text.trim().replace(/^[^\d+-]+|\D+$/g, '');
  if (SPACE_GROUPS.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  if (!NUMERIC.test(s)) return 'unknown';
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma < 0 && dot < 0) return 'unknown';
  if (comma >= 0 && dot >= 0) return comma > dot ? 'comma' : 'dot';
  const sep = comma >= 0 ? ',' : '.';
  const parts = s.replace(/^[+-]/, '').split(sep);
  // Several separators of one kind are thousands groups: the decimal separator is the other one.
  if (parts.length > 2) return sep === '.' ? 'comma' : 'dot';
  if (parts[0].length <= 3 && parts[1].length === 3 && parts[0][0] !== '0') return 'unknown';
  return sep === ',' ? 'comma' : 'dot';
}

/** The column's style from its sampled values: the only style seen, else unknown. */
export function decideStyle(values: Iterable<string>): NumberStyle {
  let comma = false;
  let dot = false;
  for (const v of values) {
    const e = styleEvidence(v);
    if (e === 'comma') comma = true;
    else if (e === 'dot') dot = true;
  }
  return comma && dot ? 'mixed' : comma ? 'comma' : dot ? 'dot' : 'unknown';
}

function isDotThousands(s: string): boolean {
  return /^[+-]?\d{1,3}\.\d{3}$/.test(s) && !/^[+-]?0/.test(s);
}

function resolved(canonical: string, written: 'comma' | 'dot', style: NumberStyle): NumberReading {
  return style !== 'unknown' && style !== written ? { kind: 'conflict', canonical } : number(canonical);
}

function number(canonical: string): NumberReading {
  const plain = canonical[0] === '+' ? canonical.slice(1) : canonical;
  const dot = plain.indexOf('.');
  return {
    kind: 'number',
    canonical: plain,
    value: Number(plain),
    decimals: dot < 0 ? 0 : plain.length - dot - 1,
  };
}
