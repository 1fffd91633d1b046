import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const PARENT_MISSING = rule('amz.parent_sku.missing', 'error', 'A child (variation) row must name its parent_sku.');

/** Variations point at their parent. */
export const VARIATION_RULE: RowRule = {
  rules: [PARENT_MISSING],
  prepare: ({ columns }) => {
    if (!columns.has('parent_child')) return null;
    return (row, ctx) => {
      if (row.get('parent_child') === 'child' && (row.get('parent_sku') ?? '') === '') {
        ctx.report(PARENT_MISSING, 'parent_sku', 'This variation does not say which parent it belongs to.', '');
      }
    };
  },
};
