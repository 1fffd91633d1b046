import type { CellCheck } from './cell-context';
import type { ColumnSpec } from './column-spec';
import type { NumberStyle } from './number-format';
import type { RuleDefinition } from './rule-definition';

/** What a column's checks need to know besides the column itself. */
export interface ColumnEnv {
  /** Prefix of the pack's rule codes (`ml`). */
  readonly prefix: string;
  /** The marketplace's name as sellers know it, for messages. */
  readonly marketplace: string;
  /** The decimal separator decided for this column (numeric kinds). */
  readonly numberStyle: NumberStyle;
}

export interface CompiledKind {
  /** Every rule the check can report: the catalogue is generated from these. */
  readonly rules: readonly RuleDefinition[];
  readonly check: CellCheck;
}

export type KindCompiler<S extends ColumnSpec> = (spec: S, env: ColumnEnv) => CompiledKind;

/** Stable rule codes are `<pack>.<column>.<problem>`, e.g. `ml.title.too_long`. */
export function columnRuleCode(env: ColumnEnv, spec: ColumnSpec, problem: string): string {
  return `${env.prefix}.${spec.name}.${problem}`;
}
