import type { CellContext } from '../cell-context';
import type { KindCompiler } from '../column-kind';
import { columnRuleCode } from '../column-kind';
import type { DecimalColumn } from '../column-spec';
import { decimalPlaces, plainNumber } from '../number-format';
import { rule } from '../rule-definition';
import { numberRules, rangeCheck, reportUnreadable } from './number-rules';
import { currencyPattern, readNumericCell } from './numeric-cell';

/** A decimal number (prices, dimensions); Brazilian notation is converted according to the column's style. */
export const decimalColumn: KindCompiler<DecimalColumn> = (spec, env) => {
  const rules = numberRules(spec, env, '1234.56');
  const inRange = rangeCheck(spec, rules);
  const maxDecimals = spec.maxDecimals;
  const decimals =
    maxDecimals === undefined
      ? null
      : rule(columnRuleCode(env, spec, 'decimals'), 'error', `At most ${maxDecimals} decimal places.`);
  const currency = spec.currency ? currencyPattern([spec.currency, ...currencySymbols(spec.currency)]) : null;
  return {
    rules: [rules.invalid, rules.format, rules.ambiguous, rules.mixed, rules.unit, rules.min, decimals, rules.implausible].filter(
      (r) => r !== null,
    ),
    // The plain form every valid cell has is checked here; anything else is read by `irregular`, kept apart so
    // that this small function is the one compiled early and run for most cells.
    check: (value, ctx) => {
      const n = plainNumber(value, env.numberStyle);
      if (Number.isNaN(n)) return irregular(value, ctx);
      if (decimals && maxDecimals !== undefined) {
        const places = decimalPlaces(value);
        if (places > maxDecimals) ctx.report(decimals, `Has ${places} decimal places; at most ${maxDecimals} are allowed.`, value);
      }
      inRange(n, value, ctx);
      return value;
    },
  };

  function irregular(value: string, ctx: CellContext): string {
    const cell = readNumericCell(value, env.numberStyle, currency, spec.unit);
    if (cell.kind !== 'number') {
      reportUnreadable(cell, value, rules, spec.unit?.symbol, ctx);
      return value;
    }
    if (cell.canonical !== value) {
      ctx.fix(rules.format, `Written as ${cell.canonical}: ${env.marketplace} expects a plain number.`, value, cell.canonical);
    }
    if (decimals && maxDecimals !== undefined && cell.decimals > maxDecimals) {
      ctx.report(decimals, `Has ${cell.decimals} decimal places; at most ${maxDecimals} are allowed.`, cell.canonical);
    }
    inRange(cell.value, cell.canonical, ctx);
    return cell.canonical;
  }
};

function currencySymbols(code: string): readonly string[] {
  return code === 'BRL' ? ['R$', 'R $', 'reais'] : [];
}
