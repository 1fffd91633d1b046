import { type ColumnEnv, columnRuleCode } from '../column-kind';
import type { DecimalColumn, IntegerColumn } from '../column-spec';
import type { CellContext } from '../cell-context';
import { rule, type RuleDefinition } from '../rule-definition';
import type { NumericCell } from './numeric-cell';

/** The rules every numeric column shares, and how a reading that is not a number is reported. */
export interface NumberRules {
  readonly invalid: RuleDefinition;
  readonly format: RuleDefinition;
  readonly ambiguous: RuleDefinition;
  readonly mixed: RuleDefinition;
  readonly unit: RuleDefinition | null;
  readonly min: RuleDefinition | null;
  readonly implausible: RuleDefinition | null;
}

export function numberRules(spec: DecimalColumn | IntegerColumn, env: ColumnEnv, example: string): NumberRules {
  const code = (problem: string): string => columnRuleCode(env, spec, problem);
  const min = spec.min;
  const exclusive = spec.kind === 'decimal' && spec.minExclusive === true;
  const unitName = spec.unit?.symbol;
  const currency = spec.kind === 'decimal' && spec.currency !== undefined;
  return {
    invalid: rule(code('invalid'), 'error', 'Must be a number.'),
    format: rule(
      code('format'),
      'error',
      `Written as a plain number (${example}): ${currency ? 'the currency symbol, ' : ''}thousands separators${unitName ? `, the unit (${unitName})` : ''} and decimal commas are converted.`,
      true,
    ),
    ambiguous: rule(code('ambiguous'), 'error', 'Reads two ways (1.234 is 1234 or 1.234) and the column does not say which; not converted.'),
    mixed: rule(code('mixed_format'), 'error', 'Uses the other decimal separator than the rest of the column; not converted.'),
    unit: unitName ? rule(code('unit'), 'error', `Must be in ${unitName}; a value in another unit gets the converted value as a suggestion.`) : null,
    min:
      min === undefined
        ? null
        : exclusive && min === 0
          ? rule(code('not_positive'), 'error', 'Must be greater than 0.')
          : rule(code('below_min'), 'error', `Must be ${exclusive ? 'greater than' : 'at least'} ${min}.`),
    implausible: spec.plausible
      ? rule(code('implausible'), 'warning', `Outside ${spec.plausible.min}–${spec.plausible.max}${unitName ? ` ${unitName}` : ''}: probably a typo or a wrong unit.`)
      : null,
  };
}

/** Reports a cell that did not read as a number in the column's unit; returns false when it did. */
export function reportUnreadable(cell: NumericCell, value: string, rules: NumberRules, unitSymbol: string | undefined, ctx: CellContext): boolean {
  switch (cell.kind) {
    case 'number':
      return false;
    case 'unit':
      ctx.report(
        rules.unit ?? rules.invalid,
        `Written in ${cell.unit}; this column is in ${unitSymbol}.`,
        value,
        cell.converted,
      );
      return true;
    case 'ambiguous':
      ctx.report(
        rules.ambiguous,
        `"${value}" could be ${cell.readings[0]} or ${cell.readings[1]}; write it without a thousands separator.`,
        value,
      );
      return true;
    case 'conflict':
      ctx.report(rules.mixed, `This column mixes 1.234,56 and 1,234.56 notation, so it is not converted; write ${cell.canonical}.`, value, cell.canonical);
      return true;
    case 'scientific':
      ctx.report(rules.invalid, 'Is in scientific notation (a spreadsheet reformatted it); write the plain number.', value);
      return true;
    case 'invalid':
      ctx.report(rules.invalid, 'Is not a number.', value);
      return true;
  }
}

/** Range checks on a value that read as a number. */
export type RangeCheck = (n: number, value: string, ctx: CellContext) => void;

/**
 * The column's range checks with its limits read once: every numeric cell goes through them, and column specs
 * are objects of many shapes, slow to read properties from on a hot path.
 */
export function rangeCheck(spec: DecimalColumn | IntegerColumn, rules: NumberRules): RangeCheck {
  const min = spec.min ?? -Infinity;
  const exclusive = spec.kind === 'decimal' && spec.minExclusive === true;
  const minRule = spec.min === undefined ? null : rules.min;
  const minMessage = exclusive && min === 0 ? 'Must be greater than 0.' : `Must be ${exclusive ? 'greater than' : 'at least'} ${min}.`;
  const plausible = spec.plausible;
  const implausible = plausible ? rules.implausible : null;
  const low = plausible?.min ?? -Infinity;
  const high = plausible?.max ?? Infinity;
  const unit = spec.unit ? ` ${spec.unit.symbol}` : '';
  return (n, value, ctx) => {
    if (minRule && (exclusive ? n <= min : n < min)) {
      ctx.report(minRule, minMessage, value);
      return;
    }
    if (implausible && (n < low || n > high)) {
      ctx.report(implausible, `${value}${unit} is unusual (expected ${low}–${high}${unit}); check the unit and the digits.`, value);
    }
  };
}
