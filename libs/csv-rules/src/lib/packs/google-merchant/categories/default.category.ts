import type { CategoryDefinition } from '../../rule-pack';

/** Any product: Merchant Center's general requirements. */
export const DEFAULT_CATEGORY: CategoryDefinition = {
  slug: 'default',
  title: 'Generic (any category)',
  aliases: ['generic', 'generico', 'outros', 'other'],
  gtin: 'optional',
  columns: [],
  requirements: {},
};
