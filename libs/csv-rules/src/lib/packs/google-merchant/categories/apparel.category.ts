import type { CategoryDefinition } from '../../rule-pack';
import { AGE_GROUP, COLOR, GENDER, SIZE } from './apparel-attributes';

/** Apparel & Accessories: colour, size, gender and age group are required for Brazil. */
export const APPAREL_CATEGORY: CategoryDefinition = {
  slug: 'apparel',
  title: 'Apparel & Accessories',
  aliases: ['fashion', 'moda', 'vestuario', 'vestuário', 'roupas'],
  gtin: 'optional',
  columns: [COLOR, SIZE, GENDER, AGE_GROUP],
  requirements: {},
};
