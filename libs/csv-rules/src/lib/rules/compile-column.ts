import type { CellCheck } from './cell-context';
import { columnRuleCode, type ColumnEnv, type CompiledKind } from './column-kind';
import type { ColumnSpec } from './column-spec';
import { decimalColumn } from './checks/decimal.check';
import { digitsColumn } from './checks/digits.check';
import { durationColumn } from './checks/duration.check';
import { enumColumn } from './checks/enum.check';
import { gtinColumn } from './checks/gtin.check';
import { integerColumn } from './checks/integer.check';
import { moneyColumn } from './checks/money.check';
import { textColumn } from './checks/text.check';
import { urlColumn } from './checks/url.check';
import { rule, type RuleDefinition } from './rule-definition';

export interface CompiledColumn {
  readonly spec: ColumnSpec;
  readonly rules: readonly RuleDefinition[];
  /** Runs on a non-empty, already tidied value. */
  readonly check: CellCheck;
  /** The rule an empty value breaks, if the column is not optional. */
  readonly whenEmpty: RuleDefinition | null;
  /** The rule a repeated value breaks, if values must be unique. */
  readonly duplicate: RuleDefinition | null;
}

/** Turns a column's data into its check and the rules it can report. */
export function compileColumn(spec: ColumnSpec, env: ColumnEnv): CompiledColumn {
  const kind = compileKind(spec, env);
  const whenEmpty =
    spec.requirement === 'required'
      ? rule(columnRuleCode(env, spec, 'required'), 'error', 'Required: must not be empty.')
      : spec.requirement === 'recommended'
        ? rule(columnRuleCode(env, spec, 'recommended'), 'warning', `Recommended by ${env.marketplace}: better filled in.`)
        : null;
  const duplicate = spec.unique
    ? rule(columnRuleCode(env, spec, 'duplicate'), spec.unique, 'Must be unique: the same value is already used in an earlier row.')
    : null;
  const rules = [whenEmpty, ...kind.rules, duplicate].filter((r) => r !== null);
  return { spec, rules, check: kind.check, whenEmpty, duplicate };
}

function compileKind(spec: ColumnSpec, env: ColumnEnv): CompiledKind {
  switch (spec.kind) {
    case 'text':
      return textColumn(spec, env);
    case 'decimal':
      return decimalColumn(spec, env);
    case 'integer':
      return integerColumn(spec, env);
    case 'enum':
      return enumColumn(spec, env);
    case 'gtin':
      return gtinColumn(spec, env);
    case 'url':
      return urlColumn(spec, env);
    case 'digits':
      return digitsColumn(spec, env);
    case 'duration':
      return durationColumn(spec, env);
    case 'money':
      return moneyColumn(spec, env);
  }
}
