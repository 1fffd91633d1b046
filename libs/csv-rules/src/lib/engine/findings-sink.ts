import {
  type CsvFinding,
  ISSUES_BASE_BYTES,
  ISSUES_BYTES_PER_INPUT_CHAR,
  REPORT_COLUMNS_LIMIT,
  REPORT_FINDINGS_LIMIT,
  type Severity,
} from '../csv-engine.api';
import type { CellContext } from '../rules/cell-context';
import type { RuleDefinition } from '../rules/rule-definition';
import { clipText } from './clip-text';
import { ISSUES_CSV_HEADER, issueLine } from './issues-csv';

/**
 * Where every finding goes: counted by rule, column and severity; listed in the issues.csv text waiting to be
 * written unless its rule already listed `perRule` findings or the line would take issues.csv past its size limit
 * (which grows with the input read); the first REPORT_FINDINGS_LIMIT listed kept for report.json. It is also the
 * CellContext the checks report through; the row checker sets the position (row, line, column) before each check.
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
  /** Findings counted but not listed, by rule. */
  readonly droppedByRule = new Map<string, number>();
  dropped = 0;
  /** A finding was left out of issues.csv because of its size limit. */
  sizeLimited = false;
  /** Findings in columns that byColumn had no room left for (it names at most REPORT_COLUMNS_LIMIT). */
  uncountedColumns = 0;
  /** Characters of input read so far: issues.csv's size limit grows with it. Set as each record arrives. */
  inputChars = 0;
  private issues = `${ISSUES_CSV_HEADER}\r\n`;
  /** UTF-8 size of the issues.csv text listed so far, header included. */
  private issuesBytes = this.issues.length;

  constructor(
    private readonly autoFix: boolean,
    /** Findings listed per rule at most. */
    readonly perRule: number,
  ) {}

  report(
    rule: RuleDefinition,
    message: string,
    value: string | null,
    suggestion: string | null = null,
  ): void {
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

  private add(
    rule: RuleDefinition,
    message: string,
    value: string | null,
    fixed: string | null,
    suggestion: string | null,
  ): void {
    const code = rule.code;
    const column = this.column === null ? null : clipText(this.column);
    this.total++;
    this.bySeverity[rule.severity]++;
    const count = (this.byRule.get(code) ?? 0) + 1;
    this.byRule.set(code, count);
    if (column !== null) this.countColumn(column);
    if (count > this.perRule) {
      this.drop(code);
      return;
    }
    const finding: CsvFinding = {
      row: this.row,
      line: this.line,
      column,
      rule: code,
      severity: rule.severity,
      message: clipText(message),
      value: clip(value),
      fixed: clip(fixed),
      suggestion: clip(suggestion),
    };
    const line = issueLine(finding);
    const bytes = Buffer.byteLength(line);
    if (this.issuesBytes + bytes > ISSUES_BYTES_PER_INPUT_CHAR * this.inputChars + ISSUES_BASE_BYTES) {
      this.sizeLimited = true;
      this.drop(code);
      return;
    }
    this.issuesBytes += bytes;
    this.issues += line;
    if (this.kept.length < REPORT_FINDINGS_LIMIT) this.kept.push(detach(finding));
  }

  private drop(code: string): void {
    this.dropped++;
    this.droppedByRule.set(code, (this.droppedByRule.get(code) ?? 0) + 1);
  }

  private countColumn(column: string): void {
    const count = this.byColumn.get(column);
    if (count !== undefined) this.byColumn.set(column, count + 1);
    else if (this.byColumn.size < REPORT_COLUMNS_LIMIT) this.byColumn.set(column, 1);
    else this.uncountedColumns++;
  }
}

function clip(text: string | null): string | null {
  return text === null ? null : clipText(text);
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
