import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const REQUIRED = rule('ml.gtin.required_by_category', 'error', 'The category requires a GTIN (barcode) for every product.');
const MISSING = rule(
  'ml.gtin.missing',
  'error',
  'The category asks for a GTIN; without one, EMPTY_GTIN_REASON must say why (craft, kit, unregistered, other).',
);
const REASON_WITH_GTIN = rule('ml.empty_gtin_reason.with_gtin', 'warning', 'A GTIN is given, so EMPTY_GTIN_REASON is ignored.');

/** GTIN or the reason it is missing, as the category's GTIN tag (required / conditional_required) asks. */
export const GTIN_OR_REASON_RULE: RowRule = {
  rules: [REQUIRED, MISSING, REASON_WITH_GTIN],
  prepare: ({ category, position }) => {
    if (category.gtin === 'optional') return null;
    const gtinAt = position('gtin');
    const reasonAt = position('empty_gtin_reason');
    return (row, ctx) => {
      const gtin = row.at(gtinAt) ?? '';
      const reason = row.at(reasonAt) ?? '';
      if (gtin !== '') {
        if (reason !== '') ctx.report(REASON_WITH_GTIN, 'empty_gtin_reason', 'A GTIN is given; the reason for not having one is ignored.', reason);
        return;
      }
      if (category.gtin === 'required') {
        ctx.report(REQUIRED, 'gtin', `Products in ${category.title} must have a GTIN (barcode).`, '');
      } else if (reason === '') {
        ctx.report(MISSING, 'gtin', 'Give the GTIN (barcode) or, if the product has none, the reason in EMPTY_GTIN_REASON.', '');
      }
    };
  },
};
