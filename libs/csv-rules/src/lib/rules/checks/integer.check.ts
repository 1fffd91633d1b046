import type { CellContext } from '../cell-context';
import type { KindCompiler } from '../column-kind';
import { columnRuleCode } from '../column-kind';
import type { IntegerColumn } from '../column-spec';
import { plainNumber } from '../number-format';
import { rule } from '../rule-definition';
import { numberRules, rangeCheck, reportUnreadable } from './number-rules';
import { readNumericCell } from './numeric-cell';

/** A whole number (stock, grams); `10,00` becomes `10`, `10,5` is an error. */
export const integerColumn: KindCompiler<IntegerColumn> = (spec, env) => {
  const rules = numberRules(spec, env, '1234');
  const inRange = rangeCheck(spec, rules);
  const notInteger = rule(columnRuleCode(env, spec, 'not_integer'), 'error', 'Must be a whole number.');
  return {
    rules: [rules.invalid, rules.format, rules.ambiguous, rules.mixed, rules.unit, rules.min, notInteger, rules.implausible].filter(
      (r) => r !== null,
    ),
    // The plain form is checked here; anything else is read by `irregular` (see the decimal check).
    check: (value, ctx) => {
      const n = plainNumber(value, env.numberStyle);
      if (Number.isNaN(n) || value.includes('.')) return irregular(value, ctx);
      inRange(n, value, ctx);
      return value;
    },
  };

  function irregular(value: string, ctx: CellContext): string {
    const cell = readNumericCell(value, env.numberStyle, null, spec.unit);
    if (cell.kind !== 'number') {
      reportUnreadable(cell, value, rules, spec.unit?.symbol, ctx);
      return value;
    }
    if (!Number.isInteger(cell.value)) {
      ctx.report(notInteger, `${cell.canonical} is not a whole number.`, value);
      return value;
    }
    // `10.00` is exactly 10: dropping zero decimals is part of the format fix.
    const canonical = cell.decimals > 0 ? cell.canonical.slice(0, cell.canonical.indexOf('.')) : cell.canonical;
    if (canonical !== value) {
      ctx.fix(rules.format, `Written as ${canonical}: ${env.marketplace} expects a plain whole number.`, value, canonical);
    }
    inRange(cell.value, canonical, ctx);
    return canonical;
  }
};
