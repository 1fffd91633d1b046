import type { CategoryDefinition } from '../../rule-pack';
import { APPAREL_CATEGORY } from './apparel.category';
import { DEFAULT_CATEGORY } from './default.category';

/** Every Google Merchant category with its own rules; the generic default first. */
export const GOOGLE_MERCHANT_CATEGORIES: readonly [CategoryDefinition, ...CategoryDefinition[]] = [DEFAULT_CATEGORY, APPAREL_CATEGORY];
