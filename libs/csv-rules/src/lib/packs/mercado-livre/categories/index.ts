import type { CategoryDefinition } from '../../rule-pack';
import { DEFAULT_CATEGORY } from './default.category';
import { ELECTRONICS_CATEGORY } from './electronics.category';
import { FASHION_CATEGORY } from './fashion.category';
import { HOME_CATEGORY } from './home.category';

/** Every Mercado Livre category with its own rules; the generic default first. A new category is one file here. */
export const MERCADO_LIVRE_CATEGORIES: readonly [CategoryDefinition, ...CategoryDefinition[]] = [
  DEFAULT_CATEGORY,
  ELECTRONICS_CATEGORY,
  FASHION_CATEGORY,
  HOME_CATEGORY,
];
