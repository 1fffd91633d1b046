import type { RulePack } from '../rule-pack';
import { GOOGLE_MERCHANT_CATEGORIES } from './categories';
import { GOOGLE_MERCHANT_COLUMNS } from './columns';
import { IDENTIFIERS_RULE } from './rules/identifiers.rule';
import { SALE_PRICE_RULE } from './rules/sale-price.rule';

/** Google Merchant Center product feed, target country Brazil. */
export const GOOGLE_MERCHANT_PACK: RulePack = {
  marketplace: 'google_merchant',
  name: 'Google Merchant Center',
  version: '1.0.0',
  prefix: 'gm',
  source: 'Google Merchant Center product data specification (feeds for Brazil, prices in BRL).',
  columns: GOOGLE_MERCHANT_COLUMNS,
  rowRules: [SALE_PRICE_RULE, IDENTIFIERS_RULE],
  categories: GOOGLE_MERCHANT_CATEGORIES,
};
