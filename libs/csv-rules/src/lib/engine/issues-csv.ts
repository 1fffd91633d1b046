import type { CsvFinding } from '../csv-engine.api';
import { csvLine } from './csv-line';
import { isFormulaLike, neutraliseFormula } from './formula-guard';

/** The header line of issues.csv (without its line break); every finding is one line below it. */
export const ISSUES_CSV_HEADER = 'row,line,column,rule,severity,message,value,fixed,suggestion';

/** A finding as an issues.csv line. Sellers open this file in a spreadsheet, so no cell may run as a formula. */
export function issueLine(f: CsvFinding): string {
  return csvLine([
    f.row === null ? '' : String(f.row),
    f.line === null ? '' : String(f.line),
    safe(f.column),
    f.rule,
    f.severity,
    safe(f.message),
    safe(f.value),
    safe(f.fixed),
    safe(f.suggestion),
  ]);
}

function safe(text: string | null): string {
  if (text === null) return '';
  return isFormulaLike(text) ? neutraliseFormula(text) : text;
}
