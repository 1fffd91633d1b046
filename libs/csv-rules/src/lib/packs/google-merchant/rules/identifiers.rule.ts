import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const MISSING = rule(
  'gm.identifiers.missing',
  'warning',
  'No GTIN and no MPN: if the product has no identifiers, say identifier_exists = no; otherwise add them.',
);
const CONTRADICTED = rule('gm.identifier_exists.contradicted', 'error', 'identifier_exists = no, yet a GTIN is given.');

/** Unique product identifiers (GTIN, MPN) or an explicit statement that the product has none. */
export const IDENTIFIERS_RULE: RowRule = {
  rules: [MISSING, CONTRADICTED],
  prepare: ({ position }) => {
    const gtinAt = position('gtin');
    const mpnAt = position('mpn');
    const existsAt = position('identifier_exists');
    return (row, ctx) => {
      const gtin = row.at(gtinAt) ?? '';
      const mpn = row.at(mpnAt) ?? '';
      const exists = row.at(existsAt) ?? '';
      if (exists === 'no' && gtin !== '') {
        ctx.report(CONTRADICTED, 'identifier_exists', 'Says the product has no identifiers but a GTIN is given.', exists);
      } else if (gtin === '' && mpn === '' && exists !== 'no') {
        ctx.report(MISSING, 'gtin', 'Give the GTIN (or the MPN), or set identifier_exists to no.', '');
      }
    };
  },
};
