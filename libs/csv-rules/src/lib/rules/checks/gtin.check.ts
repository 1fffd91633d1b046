import type { CellContext } from '../cell-context';
import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { GtinColumn } from '../column-spec';
import { GTIN_LENGTHS, gtinPrefixProblem, hasValidCheckDigit } from '../gs1';
import { rule, type RuleDefinition } from '../rule-definition';

const SCIENTIFIC = /^\d+([.,]\d+)?[eE]\+?\d+$/;
const DECORATION = /^'|[\s\-.]/g;
// Fewer digits than this are not a GTIN that lost its zeros; padding them would pass the check by chance.
const MIN_PADDABLE = 7;

/** A barcode: digits only, a GS1 length and check digit; Excel's damage is cleaned only when provably safe. */
export const gtinColumn: KindCompiler<GtinColumn> = (spec, env) => {
  const code = (problem: string): string => columnRuleCode(env, spec, problem);
  const scientific = rule(
    code('scientific_notation'),
    'error',
    'Turned into scientific notation (7.89E+12) by a spreadsheet: the digits are lost and cannot be restored.',
  );
  const format = rule(code('format'), 'error', "Digits only: spaces, dashes and a leading ' are removed.", true);
  const invalid = rule(code('invalid'), 'error', 'Contains characters other than digits.');
  const padded = rule(
    code('padded'),
    'error',
    'Lost its leading zeros; they are restored only when the padded code passes the GS1 check digit.',
    true,
  );
  const length = rule(code('length'), 'error', `Must have ${GTIN_LENGTHS.join(', ')} digits.`);
  const checkDigit = rule(code('check_digit'), 'error', 'The last digit does not match the GS1 check digit: a digit is wrong.');
  const restricted = spec.rejectRestrictedPrefixes
    ? rule(code('restricted_prefix'), 'error', 'A restricted-circulation GS1 prefix (02, 04, 2x): valid only inside one company or region.')
    : null;
  const coupon = spec.rejectRestrictedPrefixes
    ? rule(code('coupon_prefix'), 'error', 'A coupon GS1 prefix (05, 981–984, 99): identifies a coupon, not a product.')
    : null;
  return {
    rules: [scientific, format, invalid, padded, length, checkDigit, restricted, coupon].filter((r) => r !== null),
    // A valid code is recognised here; anything else is examined by `irregular` (see the decimal check).
    check: (value, ctx) => {
      if (isGtinLength(value.length) && isValidGtin(value)) return prefixChecked(value, restricted, coupon, ctx);
      return irregular(value, ctx);
    },
  };

  function irregular(value: string, ctx: CellContext): string {
    if (SCIENTIFIC.test(value)) {
      ctx.report(scientific, 'The barcode was turned into scientific notation; re-export this column as text.', value);
      return value;
    }
    let gtin = value;
    if (!isDigits(gtin)) {
      const cleaned = gtin.replace(DECORATION, '');
      if (!isDigits(cleaned) || cleaned.length === 0) {
        ctx.report(invalid, 'A barcode has digits only.', value);
        return value;
      }
      ctx.fix(format, 'Spaces, dashes and apostrophes removed from the barcode.', gtin, cleaned);
      gtin = cleaned;
    }
    if (!(GTIN_LENGTHS as readonly number[]).includes(gtin.length)) {
      const target = GTIN_LENGTHS.find((l) => l > gtin.length);
      const candidate = target === undefined ? '' : gtin.padStart(target, '0');
      if (gtin.length >= MIN_PADDABLE && candidate && hasValidCheckDigit(candidate)) {
        ctx.fix(padded, `Leading zeros restored (${candidate.length} digits, check digit verified).`, gtin, candidate);
        return prefixChecked(candidate, restricted, coupon, ctx);
      }
      ctx.report(length, `Has ${gtin.length} digits; a barcode has ${GTIN_LENGTHS.join(', ')}.`, gtin);
      return gtin;
    }
    if (!hasValidCheckDigit(gtin)) {
      ctx.report(checkDigit, 'The check digit does not match: one of the digits is wrong.', gtin);
      return gtin;
    }
    return prefixChecked(gtin, restricted, coupon, ctx);
  }
};

function prefixChecked(
  gtin: string,
  restricted: RuleDefinition | null,
  coupon: RuleDefinition | null,
  ctx: CellContext,
): string {
  if (!restricted || !coupon) return gtin;
  const problem = gtinPrefixProblem(gtin);
  if (problem === 'restricted') ctx.report(restricted, 'This barcode is for internal use (restricted circulation), not a product sold in stores.', gtin);
  if (problem === 'coupon') ctx.report(coupon, 'This barcode identifies a coupon, not a product.', gtin);
  return gtin;
}

function isGtinLength(length: number): boolean {
  return (GTIN_LENGTHS as readonly number[]).includes(length);
}

// Digits only and the GS1 check digit right, in one pass (this runs for every row).
function isValidGtin(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, weight = 1; i >= 0; i--, weight = 4 - weight) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * weight;
  }
  return sum % 10 === 0;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
