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
 * 20–29, and GTIN-8 starting 0 or 2) and coupons (05, 981–984, 99). Read on the GTIN-13 form.
 */
export function gtinPrefixProblem(gtin: string): GtinPrefixProblem | null {
  if (gtin.length === 8) return gtin[0] === '0' || gtin[0] === '2' ? 'restricted' : null;
  const g13 = gtin.length === 14 ? gtin.slice(1) : gtin.padStart(13, '0');
  const p2 = g13.slice(0, 2);
  const p3 = Number(g13.slice(0, 3));
  if (p2 === '02' || p2 === '04' || g13[0] === '2') return 'restricted';
  if (p2 === '05' || p2 === '99' || (p3 >= 981 && p3 <= 984)) return 'coupon';
  return null;
}
