import { type Marketplace, MARKETPLACES } from '../csv-engine.api';
import { AMAZON_PACK } from './amazon/pack';
import { GOOGLE_MERCHANT_PACK } from './google-merchant/pack';
import { MERCADO_LIVRE_PACK } from './mercado-livre/pack';
import type { RulePack } from './rule-pack';

/** Every marketplace's pack, by its wire name. A new marketplace is a folder here and one line below. */
export const RULE_PACKS: Readonly<Record<Marketplace, RulePack>> = {
  mercado_livre: MERCADO_LIVRE_PACK,
  google_merchant: GOOGLE_MERCHANT_PACK,
  amazon: AMAZON_PACK,
};

/** The pack of a marketplace; an unknown name is a caller's bug (validate it with `isMarketplace`), not bad input. */
export function packFor(marketplace: Marketplace): RulePack {
  const pack: RulePack | undefined = RULE_PACKS[marketplace];
  if (!pack) throw new TypeError(`No rule pack for marketplace "${String(marketplace)}"; expected one of ${MARKETPLACES.join(', ')}.`);
  return pack;
}
