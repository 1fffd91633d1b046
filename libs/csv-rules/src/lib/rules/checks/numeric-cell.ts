import type { Unit } from '../column-spec';
import { type NumberReading, type NumberStyle, readNumber } from '../number-format';

export type NumericCell =
  | NumberReading
  /** Written in another unit than the column's: `value` converted is only a suggestion. */
  | { readonly kind: 'unit'; readonly unit: string; readonly converted: string | null };

const TRAILING_WORD = /^(.*?\d)\s*([^\d\s.,+-][^\d]*)$/;
const LEADING_WORD = /^([^\d\s.,+-]+)\s*([+-]?\d.*)$/;

/** Builds the matcher of a currency written before or after the number (`R$ 10`, `10 BRL`). */
export function currencyPattern(symbols: readonly string[]): RegExp {
  const alternatives = symbols.map((s) => s.replace(/[$^.*+?()[\]{}|\\]/g, '\\$&').replace(/ /g, '\\s*')).join('|');
  return new RegExp(`^(?:${alternatives})\\s*(.+)$|^(.+?)\\s*(?:${alternatives})$`, 'i');
}

/** Reads a seller's number, removing an allowed currency and the column's own unit first. */
export function readNumericCell(
  value: string,
  style: NumberStyle,
  currency: RegExp | null,
  unit: Unit | undefined,
): NumericCell {
  let s = value.trim();
  if (currency) {
    const m = currency.exec(s);
    if (m) s = (m[1] ?? m[2]).trim();
  }
  if (unit) {
    const m = TRAILING_WORD.exec(s);
    if (m) {
      const word = m[2].trim().toLowerCase();
      if (word === unit.symbol || unit.aliases.includes(word)) {
        s = m[1];
      } else {
        const factor = unit.others[word];
        if (factor === undefined) return { kind: 'invalid' };
        const r = readNumber(m[1], style);
        return { kind: 'unit', unit: word, converted: r.kind === 'number' ? trimNumber(r.value * factor) : null };
      }
    }
  }
  if (LEADING_WORD.test(s)) return { kind: 'invalid' };
  return readNumber(s, style);
}

/** Plain decimal form of a computed number, without floating-point noise. */
export function trimNumber(n: number): string {
  return String(Number(n.toFixed(6)));
}
