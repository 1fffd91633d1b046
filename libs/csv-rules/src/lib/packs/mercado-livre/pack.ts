import type { RulePack } from '../rule-pack';
import { MERCADO_LIVRE_CATEGORIES } from './categories';
import { MERCADO_LIVRE_COLUMNS } from './columns';
import { GTIN_OR_REASON_RULE } from './rules/gtin-or-reason.rule';
import { PACKAGE_SIZE_RULE } from './rules/package-size.rule';
import { WARRANTY_RULE } from './rules/warranty.rule';

/** Mercado Livre Brasil (site MLB). */
export const MERCADO_LIVRE_PACK: RulePack = {
  marketplace: 'mercado_livre',
  name: 'Mercado Livre',
  version: '1.0.0',
  prefix: 'ml',
  source: 'Mercado Livre Brasil (MLB) items API and bulk listing sheets: item fields, attributes, GTIN tags, sale terms.',
  columns: MERCADO_LIVRE_COLUMNS,
  rowRules: [GTIN_OR_REASON_RULE, PACKAGE_SIZE_RULE, WARRANTY_RULE],
  categories: MERCADO_LIVRE_CATEGORIES,
};
