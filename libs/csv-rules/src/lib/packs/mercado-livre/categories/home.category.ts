import type { CategoryDefinition } from '../../rule-pack';
import { COLOR, MATERIAL } from './attributes';

/** Home, furniture and decoration: colour and material are recommended, the package size too. */
export const HOME_CATEGORY: CategoryDefinition = {
  slug: 'home',
  title: 'Home, furniture and decoration',
  aliases: ['casa', 'casa e decoracao', 'casa, móveis e decoração', 'moveis', 'hogar', 'home and garden'],
  gtin: 'conditional',
  columns: [{ ...COLOR, requirement: 'recommended' }, MATERIAL],
  requirements: {},
};
