/** GTIN lengths GS1 defines (GTIN-8, UPC-A/GTIN-12, EAN/GTIN-13, GTIN-14). */
export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** The GS1 mod-10 check: weights 3,1,3,… from the right, the check digit included, sum divisible by 10. */
export function hasValidCheckDigit(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, weight = 1; i >= 0; i--, weight = 4 - weight) {
    sum += (digits.charCodeAt(i) - 48) * weight;
  }
  return sum % 10 === 0;
}

export const GTIN_PREFIX_PROBLEMS = ['restricted', 'coupon'] as const;
export type GtinPrefixProblem = (typeof GTIN_PREFIX_PROBLEMS)[number];

/**
 * GS1 prefixes that never identify a product sold across stores: restricted circulation numbers (02, 04,
 * 20–29, and GTIN-8 starting 0 or 2) and coupons (05, 981–984, 99). Read on the GTIN-13 form of `gtin`, which
 * has digits only. (It runs for every GTIN cell: digits are read in place rather than from sliced copies.)
 */
export function gtinPrefixProblem(gtin: string): GtinPrefixProblem | null {
  const len = gtin.length;
  if (len === 8) return gtin.charCodeAt(0) === 48 || gtin.charCodeAt(0) === 50 ? 'restricted' : null;
  // Where the GTIN-13 form starts in `gtin`: a GTIN-14 without its first digit, shorter codes padded with zeros.
  const from = len === 14 ? 1 : Math.min(len - 13, 0);
  const d0 = digitAt(gtin, from);
  const d1 = digitAt(gtin, from + 1);
  if (d0 === 2 || (d0 === 0 && (d1 === 2 || d1 === 4))) return 'restricted';
  const d2 = digitAt(gtin, from + 2);
  if ((d0 === 0 && d1 === 5) || (d0 === 9 && (d1 === 9 || (d1 === 8 && d2 >= 1 && d2 <= 4)))) return 'coupon';
  return null;
}

// A padding zero before the start of the code.
function digitAt(digits: string, at: number): number {
  return at < 0 ? 0 : digits.charCodeAt(at) - 48;
}
