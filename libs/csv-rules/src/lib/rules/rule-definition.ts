import type { Severity } from '../csv-engine.api';

/** One entry of the rule catalogue: a stable code, its severity and what it means. */
export interface RuleDefinition {
  readonly code: string;
  readonly severity: Severity;
  /** What the rule checks, for the catalogue (RULES.md). */
  readonly summary: string;
  /** True when `auto_fix` repairs the value (the finding then carries the fixed value). */
  readonly fixable: boolean;
}

export function rule(code: string, severity: Severity, summary: string, fixable = false): RuleDefinition {
  return { code, severity, summary, fixable };
}
