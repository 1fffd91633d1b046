import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const PARENT_MISSING = rule('amz.parent_sku.missing', 'error', 'A child (variation) row must name its parent_sku.');

/** Variations point at their parent. */
export const VARIATION_RULE: RowRule = {
  rules: [PARENT_MISSING],
  prepare: ({ columns, position }) => {
    if (!columns.has('parent_child')) return null;
    const kindAt = position('parent_child');
    const parentAt = position('parent_sku');
    return (row, ctx) => {
      if (row.at(kindAt) === 'child' && (row.at(parentAt) ?? '') === '') {
        ctx.report(PARENT_MISSING, 'parent_sku', 'This variation does not say which parent it belongs to.', '');
      }
    };
  },
};
