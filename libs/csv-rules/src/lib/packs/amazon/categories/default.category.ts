import type { CategoryDefinition } from '../../rule-pack';

/** Any product type: the flat file's shared columns (the product type itself is a column, feed_product_type). */
export const DEFAULT_CATEGORY: CategoryDefinition = {
  slug: 'default',
  title: 'Generic (any product type)',
  aliases: ['generic', 'generico', 'outros', 'other'],
  gtin: 'optional',
  columns: [],
  requirements: {},
};
