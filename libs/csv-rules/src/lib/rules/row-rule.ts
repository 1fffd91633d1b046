import type { CategoryDefinition } from '../packs/rule-pack';
import type { RuleDefinition } from './rule-definition';

/** A row's values after the cell checks, by canonical column. */
export interface RowView {
  /** The normalised value ('' when empty), or undefined when the file has no such column. */
  get(column: string): string | undefined;
  /** The value at a position from `RowRuleSetup.position` (undefined for -1): no lookup by name for every row. */
  at(position: number): string | undefined;
}

export interface RowContext {
  report(rule: RuleDefinition, column: string | null, message: string, value: string | null, suggestion?: string | null): void;
}

/** What a row rule may look at when it is set up for a file. */
export interface RowRuleSetup {
  readonly category: CategoryDefinition;
  /** Canonical columns present in the file. */
  readonly columns: ReadonlySet<string>;
  readonly marketplace: string;
  /** Where the column's value is in a row (for `RowView.at`), or -1 when the file has no such column. */
  position(column: string): number;
}

/** A check across cells of one row (a GTIN or the reason it is missing, weight against size, …). */
export interface RowRule {
  /** Every rule it can report, for the catalogue. */
  readonly rules: readonly RuleDefinition[];
  /** The per-row check for this file, or null when it does not apply (its columns are absent). */
  prepare(setup: RowRuleSetup): ((row: RowView, ctx: RowContext) => void) | null;
}
