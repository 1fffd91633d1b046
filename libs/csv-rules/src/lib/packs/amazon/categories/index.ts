import type { CategoryDefinition } from '../../rule-pack';
import { DEFAULT_CATEGORY } from './default.category';

/** Every Amazon category with its own rules; the generic default first. */
export const AMAZON_CATEGORIES: readonly [CategoryDefinition, ...CategoryDefinition[]] = [DEFAULT_CATEGORY];
