import type { RulePack } from '../rule-pack';
import { AMAZON_CATEGORIES } from './categories';
import { AMAZON_COLUMNS } from './columns';
import { PRODUCT_ID_RULE } from './rules/product-id.rule';
import { VARIATION_RULE } from './rules/variation.rule';

/** Amazon Seller Central Brasil inventory flat file. */
export const AMAZON_PACK: RulePack = {
  marketplace: 'amazon',
  name: 'Amazon',
  version: '1.0.0',
  prefix: 'amz',
  source: 'Amazon Seller Central inventory file templates (flat file), Brazil marketplace.',
  columns: AMAZON_COLUMNS,
  rowRules: [PRODUCT_ID_RULE, VARIATION_RULE],
  categories: AMAZON_CATEGORIES,
};
