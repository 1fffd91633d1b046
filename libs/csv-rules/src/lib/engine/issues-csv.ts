import type { CsvFinding } from '../csv-engine.api';
import { quoted } from './csv-line';
import { isFormulaLike, neutraliseFormula } from './formula-guard';

/** The header line of issues.csv (without its line break); every finding is one line below it. */
export const ISSUES_CSV_HEADER = 'row,line,column,rule,severity,message,value,fixed,suggestion';

/** A finding as an issues.csv line. Sellers open this file in a spreadsheet, so no cell may run as a formula. */
export function issueLine(f: CsvFinding): string {
  // Written out rather than through csvLine: there is a line per finding, and row and line are plain numbers.
  return `${f.row ?? ''},${f.line ?? ''},${safe(f.column)},${quoted(f.rule)},${quoted(f.severity)},${safe(f.message)},${safe(f.value)},${safe(f.fixed)},${safe(f.suggestion)}\r\n`;
}

function safe(text: string | null): string {
  if (text === null) return '';
  return quoted(isFormulaLike(text) ? neutraliseFormula(text) : text);
}
