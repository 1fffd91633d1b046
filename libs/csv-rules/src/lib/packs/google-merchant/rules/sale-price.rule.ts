import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const NOT_LOWER = rule('gm.sale_price.not_lower', 'error', 'The sale price must be lower than the price.');

/** A sale price is a discount: lower than the regular price. */
export const SALE_PRICE_RULE: RowRule = {
  rules: [NOT_LOWER],
  prepare: ({ columns, position }) => {
    if (!columns.has('sale_price') || !columns.has('price')) return null;
    const saleAt = position('sale_price');
    const priceAt = position('price');
    return (row, ctx) => {
      const sale = amount(row.at(saleAt));
      const price = amount(row.at(priceAt));
      if (sale !== null && price !== null && sale >= price) {
        ctx.report(NOT_LOWER, 'sale_price', `The sale price (${sale}) is not lower than the price (${price}).`, row.at(saleAt) ?? null);
      }
    };
  },
};

// Values reach row rules normalised (`15.00 BRL`) when they are valid; anything else is left to the cell checks.
function amount(value: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?) [A-Z]{3}$/.exec(value ?? '');
  return m ? Number(m[1]) : null;
}
