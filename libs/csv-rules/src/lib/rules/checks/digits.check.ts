import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { DigitsColumn } from '../column-spec';
import { rule } from '../rule-definition';

const PUNCTUATION = /[\s.\-/]/g;

/** A code of a fixed number of digits (NCM): `8517.12.31` is fixed to `85171231`. */
export const digitsColumn: KindCompiler<DigitsColumn> = (spec, env) => {
  const invalid = rule(columnRuleCode(env, spec, 'invalid'), 'error', `Exactly ${spec.digits} digits.`);
  const format = rule(columnRuleCode(env, spec, 'format'), 'error', 'Digits only: dots, dashes and spaces are removed.', true);
  const exact = new RegExp(`^\\d{${spec.digits}}$`);
  return {
    rules: [invalid, format],
    check: (value, ctx) => {
      if (exact.test(value)) return value;
      const cleaned = value.replace(/^'/, '').replace(PUNCTUATION, '');
      if (!exact.test(cleaned)) {
        ctx.report(invalid, `Must be exactly ${spec.digits} digits.`, value);
        return value;
      }
      ctx.fix(format, `Written as ${cleaned}: ${env.marketplace} expects the digits only.`, value, cleaned);
      return cleaned;
    },
  };
};
