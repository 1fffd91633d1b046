import type { CategoryDefinition } from '../../rule-pack';
import { COLOR, GENDER, SIZE } from './attributes';

/** Clothing and shoes: size, colour and gender are required. */
export const FASHION_CATEGORY: CategoryDefinition = {
  slug: 'fashion',
  title: 'Clothing, shoes and accessories',
  aliases: ['moda', 'roupas', 'vestuario', 'vestuário', 'calcados', 'calçados', 'apparel', 'ropa'],
  gtin: 'conditional',
  columns: [SIZE, COLOR, GENDER],
  requirements: {},
};
