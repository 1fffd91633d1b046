import type { CategoryDefinition } from '../../rule-pack';

/** Any category the pack has no specific rules for: the GTIN may be replaced by a reason. */
export const DEFAULT_CATEGORY: CategoryDefinition = {
  slug: 'default',
  title: 'Generic (any category)',
  aliases: ['generic', 'generico', 'outros', 'other'],
  gtin: 'conditional',
  columns: [],
  requirements: {},
};
