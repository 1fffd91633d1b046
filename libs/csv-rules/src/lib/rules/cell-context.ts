import type { RuleDefinition } from './rule-definition';

/** How a check reports on the cell it is looking at (row, line and column are known to the context). */
export interface CellContext {
  /** A problem the engine cannot fix; `suggestion` is a value the seller may want to use. */
  report(rule: RuleDefinition, message: string, value: string, suggestion?: string | null): void;
  /** A safe fix from `before` to `after`: written to corrected.csv when fixing, else offered as a suggestion. */
  fix(rule: RuleDefinition, message: string, before: string, after: string): void;
}

/**
 * Checks one cell and returns its normalised value: the input unchanged unless the check recorded a fix for
 * the change. Later checks and row rules see the normalised value; corrected.csv gets it when fixing.
 */
export type CellCheck = (value: string, ctx: CellContext) => string;
