import { type CsvFinding, REPORT_FINDINGS_LIMIT, type Severity } from '../csv-engine.api';
import type { CellContext } from '../rules/cell-context';
import type { RuleDefinition } from '../rules/rule-definition';
import { issueLine } from './issues-csv';

/**
 * Where every finding goes: counted by rule, column and severity, the first REPORT_FINDINGS_LIMIT kept for
 * report.json, all of them appended to the issues.csv text waiting to be written. It is also the CellContext
 * the checks report through; the row checker sets the position (row, line, column) before each check.
 */
export class FindingsSink implements CellContext {
  row: number | null = null;
  line: number | null = null;
  column: string | null = null;
  /** Errors in the current row that stay in the output (not fixed). */
  rowErrors = 0;
  /** Fixes applied to the current row. */
  rowFixes = 0;

  readonly kept: CsvFinding[] = [];
  readonly byRule = new Map<string, number>();
  readonly byColumn = new Map<string, number>();
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  total = 0;
  private issues = '';

  constructor(private readonly autoFix: boolean) {}

  report(rule: RuleDefinition, message: string, value: string | null, suggestion: string | null = null): void {
    if (rule.severity === 'error') this.rowErrors++;
    this.add(rule, message, value, null, suggestion);
  }

  fix(rule: RuleDefinition, message: string, before: string, after: string): void {
    if (this.autoFix) {
      this.rowFixes++;
      this.add(rule, message, before, after, null);
    } else {
      if (rule.severity === 'error') this.rowErrors++;
      this.add(rule, message, before, null, after);
    }
  }

  /** A finding at an explicit position (file-level and structural findings). */
  at(row: number | null, line: number | null, column: string | null): this {
    this.row = row;
    this.line = line;
    this.column = column;
    return this;
  }

  startRow(row: number, line: number): void {
    this.row = row;
    this.line = line;
    this.column = null;
    this.rowErrors = 0;
    this.rowFixes = 0;
  }

  /** The issues.csv text gathered since the last call. */
  takeIssues(): string {
    const text = this.issues;
    this.issues = '';
    return text;
  }

  private add(rule: RuleDefinition, message: string, value: string | null, fixed: string | null, suggestion: string | null): void {
    const finding: CsvFinding = {
      row: this.row,
      line: this.line,
      column: this.column,
      rule: rule.code,
      severity: rule.severity,
      message,
      value,
      fixed,
      suggestion,
    };
    this.total++;
    this.bySeverity[rule.severity]++;
    this.byRule.set(rule.code, (this.byRule.get(rule.code) ?? 0) + 1);
    if (this.column !== null) this.byColumn.set(this.column, (this.byColumn.get(this.column) ?? 0) + 1);
    this.issues += issueLine(finding);
    if (this.kept.length < REPORT_FINDINGS_LIMIT) this.kept.push(detach(finding));
  }
}

// Cell values are slices of a 64 KiB chunk of the file; a kept slice would keep the whole chunk alive.
function detach(f: CsvFinding): CsvFinding {
  return {
    ...f,
    column: copy(f.column),
    message: copy(f.message) ?? '',
    value: copy(f.value),
    fixed: copy(f.fixed),
    suggestion: copy(f.suggestion),
  };
}

function copy(s: string | null): string | null {
  return s === null ? null : (' ' + s).slice(1);
}
