import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { MoneyColumn } from '../column-spec';
import { rule } from '../rule-definition';
import { reportUnreadable, type NumberRules } from './number-rules';
import { currencyPattern, readNumericCell } from './numeric-cell';

const OTHER_CURRENCY = /^[A-Z]{3}\s|\s[A-Z]{3}$/;

/** A price with its currency code (`15.00 BRL`); `R$ 15,00` is written that way. */
export const moneyColumn: KindCompiler<MoneyColumn> = (spec, env) => {
  const code = (problem: string): string => columnRuleCode(env, spec, problem);
  const rules: NumberRules = {
    invalid: rule(code('invalid'), 'error', `A price such as 15.00 ${spec.currency}.`),
    format: rule(code('format'), 'error', `Written as <number> ${spec.currency} (15.00 ${spec.currency}); R$, thousands separators and decimal commas are converted.`, true),
    ambiguous: rule(code('ambiguous'), 'error', 'Reads two ways (1.234 is 1234 or 1.234) and the column does not say which; not converted.'),
    mixed: rule(code('mixed_format'), 'error', 'Uses the other decimal separator than the rest of the column; not converted.'),
    unit: null,
    min: rule(code('not_positive'), 'error', 'Must be greater than 0.'),
    implausible: null,
  };
  const currency = rule(code('currency'), 'error', `Must state the currency, ${spec.currency}; a price without it gets a suggestion, never a guess.`);
  const decimals = rule(code('decimals'), 'error', 'At most 2 decimal places.');
  const withCurrency = currencyPattern([spec.currency, ...spec.currencySymbols]);
  return {
    rules: [rules.invalid, rules.format, rules.ambiguous, rules.mixed, currency, rules.min, decimals].filter((r) => r !== null),
    check: (value, ctx) => {
      const stated = withCurrency.test(value.trim());
      if (!stated && OTHER_CURRENCY.test(value.trim())) {
        ctx.report(currency, `Prices must be in ${spec.currency}.`, value);
        return value;
      }
      const cell = readNumericCell(value, env.numberStyle, withCurrency, undefined);
      if (cell.kind !== 'number') {
        reportUnreadable(cell, value, rules, undefined, ctx);
        return value;
      }
      const canonical = `${cell.canonical} ${spec.currency}`;
      if (!stated) {
        ctx.report(currency, `The currency is missing; write ${canonical}.`, value, canonical);
        return value;
      }
      if (canonical !== value) ctx.fix(rules.format, `Written as ${canonical}.`, value, canonical);
      if (cell.decimals > 2) ctx.report(decimals, `Has ${cell.decimals} decimal places; at most 2 are allowed.`, canonical);
      if (cell.value <= 0 && rules.min) ctx.report(rules.min, 'Must be greater than 0.', canonical);
      return canonical;
    },
  };
};
