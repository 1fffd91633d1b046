import { hasValidCheckDigit } from '../../../rules/gs1';
import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const LENGTHS: Readonly<Record<string, readonly number[]>> = { UPC: [12], EAN: [8, 13], GTIN: [14], ISBN: [10, 13] };
const TYPE_MISSING = rule('amz.external_product_id_type.missing', 'error', 'A product ID needs its type (UPC, EAN, GTIN, ISBN or ASIN).');
const MISMATCH = rule('amz.external_product_id.type_mismatch', 'error', 'The product ID does not have the shape of its type (UPC 12 digits, EAN 8 or 13, GTIN 14, ISBN 10 or 13, ASIN 10 letters and digits).');
const CHECK_DIGIT = rule('amz.external_product_id.check_digit', 'error', 'The product ID fails its check digit: a digit is wrong.');

/** external_product_id agrees with external_product_id_type, check digit included. */
export const PRODUCT_ID_RULE: RowRule = {
  rules: [TYPE_MISSING, MISMATCH, CHECK_DIGIT],
  prepare: ({ columns, position }) => {
    if (!columns.has('external_product_id')) return null;
    const idAt = position('external_product_id');
    const typeAt = position('external_product_id_type');
    return (row, ctx) => {
      const id = row.at(idAt) ?? '';
      if (id === '') return;
      const type = row.at(typeAt) ?? '';
      if (type === '') {
        ctx.report(TYPE_MISSING, 'external_product_id_type', 'Say which kind of ID this is: UPC, EAN, GTIN, ISBN or ASIN.', '');
        return;
      }
      if (type === 'ASIN') {
        if (!/^[A-Z0-9]{10}$/.test(id)) ctx.report(MISMATCH, 'external_product_id', `"${id}" is not an ASIN (10 capital letters and digits).`, id);
        return;
      }
      const lengths = LENGTHS[type];
      if (!lengths) return;
      const isbn10 = type === 'ISBN' && /^\d{9}[\dX]$/.test(id);
      if (!isbn10 && (!/^\d+$/.test(id) || !lengths.includes(id.length))) {
        ctx.report(MISMATCH, 'external_product_id', `A ${type} has ${lengths.join(' or ')} digits; "${id}" has ${id.length} characters.`, id);
        return;
      }
      if (isbn10 ? !isbn10CheckOk(id) : !hasValidCheckDigit(id)) {
        ctx.report(CHECK_DIGIT, 'external_product_id', `The check digit of this ${type} does not match.`, id);
      }
    };
  },
};

// ISBN-10: digits weighted 10…1 (X = 10) sum to a multiple of 11.
function isbn10CheckOk(isbn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (isbn[i] === 'X' ? 10 : Number(isbn[i])) * (10 - i);
  return sum % 11 === 0;
}
