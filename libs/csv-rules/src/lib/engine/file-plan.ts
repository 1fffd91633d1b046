import type { CategoryDefinition, RulePack } from '../packs/rule-pack';
import { compileColumn, type CompiledColumn } from '../rules/compile-column';
import type { ColumnSpec } from '../rules/column-spec';
import { decideStyle, type NumberStyle } from '../rules/number-format';
import { ENGINE_RULES } from './engine-rules';
import type { FindingsSink } from './findings-sink';
import { isFormulaLike, neutraliseFormula } from './formula-guard';
import { type HeaderMap, mapHeader } from './header-map';
import { RowChecker, type RowRuleCheck } from './row-checker';

const NUMERIC_KINDS: ReadonlySet<ColumnSpec['kind']> = new Set(['decimal', 'integer', 'money']);
// Unknown headers reported one by one; a file with hundreds of them gets one summary finding for the rest.
const UNKNOWN_HEADERS_REPORTED = 50;

export interface FilePlanInput {
  readonly pack: RulePack;
  readonly category: CategoryDefinition;
  readonly columns: readonly ColumnSpec[];
  readonly index: ReadonlyMap<string, ColumnSpec>;
  readonly header: readonly string[];
  readonly headerLine: number;
  /** The first data rows, to decide each numeric column's decimal separator. */
  readonly sample: readonly (readonly string[])[];
  readonly delimiter: string;
  readonly sink: FindingsSink;
}

export interface FilePlan {
  readonly header: HeaderMap;
  readonly checker: RowChecker;
  /** corrected.csv's header: canonical names, unknown headers as written (formulas neutralised). */
  readonly correctedHeader: readonly string[];
}

/** Understands the header, reports on it, and compiles the checks for this file's columns. */
export function planFile(input: FilePlanInput): FilePlan {
  const { pack, sink } = input;
  const header = mapHeader(input.header, input.columns, input.index);
  reportHeader(header, input.headerLine, sink);
  const { styles, evident } = numberStyles(header, input.sample);
  const compiled = new Map<string, CompiledColumn>();
  for (const slot of header.slots) {
    if (!slot.spec) continue;
    const numberStyle = styles.get(slot.index) ?? 'unknown';
    if (numberStyle === 'comma' && evident.has(slot.index)) {
      sink.at(null, null, slot.spec.name).report(ENGINE_RULES.brazilianNumbers, 'Read as Brazilian notation: 1.234,56 means 1234.56.', null);
    }
    compiled.set(slot.spec.name, compileColumn(slot.spec, { prefix: pack.prefix, marketplace: pack.name, numberStyle }));
  }
  const present = new Set(compiled.keys());
  const positions = new Map<string, number>();
  for (const slot of header.slots) if (slot.spec && compiled.has(slot.spec.name)) positions.set(slot.spec.name, slot.index);
  const position = (column: string): number => positions.get(column) ?? -1;
  const rowRules = pack.rowRules
    .map((r) => r.prepare({ category: input.category, columns: present, marketplace: pack.name, position }))
    .filter((r): r is RowRuleCheck => r !== null);
  const everyRowInvalid = header.missing.some((c) => c.requirement === 'required');
  const checker = new RowChecker(RowChecker.plan(header.slots, compiled), rowRules, sink, input.delimiter, everyRowInvalid);
  const correctedHeader = header.slots.map((s) => (s.spec ? s.spec.name : guardHeader(s.header, s.name, input.headerLine, sink)));
  return { header, checker, correctedHeader };
}

/** An unknown header goes to corrected.csv as written, so it gets the same formula guard as a cell. */
function guardHeader(text: string, column: string, line: number, sink: FindingsSink): string {
  if (!isFormulaLike(text)) return text;
  const guarded = neutraliseFormula(text);
  sink.at(0, line, column).fix(ENGINE_RULES.formulaInjection, 'This header would run as a formula in a spreadsheet; prefixed with an apostrophe.', text, guarded);
  return guarded;
}

function reportHeader(header: HeaderMap, line: number, sink: FindingsSink): void {
  let unknown = 0;
  for (const slot of header.slots) {
    sink.at(0, line, slot.name);
    if (slot.problem === 'duplicate') {
      sink.report(ENGINE_RULES.headerDuplicate, `"${slot.header}" names a column that an earlier header already names; this one is not checked.`, slot.header);
    } else if (slot.problem === 'blank') {
      sink.report(ENGINE_RULES.headerBlank, `Column ${slot.index + 1} has no header.`, null);
    } else if (slot.problem === 'unknown' && ++unknown <= UNKNOWN_HEADERS_REPORTED) {
      sink.report(ENGINE_RULES.headerUnknown, `"${slot.header}" is not a column the marketplace knows; it is kept but not checked.`, slot.header);
    }
  }
  if (unknown > UNKNOWN_HEADERS_REPORTED) {
    sink.at(0, line, null).report(ENGINE_RULES.headerUnknown, `${unknown - UNKNOWN_HEADERS_REPORTED} more unknown headers.`, null);
  }
  for (const spec of header.missing) {
    const required = spec.requirement === 'required';
    sink.at(0, line, spec.name).report(
      required ? ENGINE_RULES.missingRequired : ENGINE_RULES.missingRecommended,
      `The file has no ${spec.name} column${required ? '; it is required' : ''}. Accepted headers: ${[spec.name, ...spec.synonyms].slice(0, 6).join(', ')}.`,
      null,
    );
  }
}

// Each numeric column's style from its own sample; a column without evidence follows the others when they agree.
function numberStyles(header: HeaderMap, sample: readonly (readonly string[])[]): { styles: Map<number, NumberStyle>; evident: Set<number> } {
  const styles = new Map<number, NumberStyle>();
  const evident = new Set<number>();
  for (const slot of header.slots) {
    if (!slot.spec || !NUMERIC_KINDS.has(slot.spec.kind)) continue;
    const style = decideStyle(sample.map((cells) => cells[slot.index] ?? ''));
    styles.set(slot.index, style);
    if (style === 'comma' || style === 'dot') evident.add(slot.index);
  }
  const decided = new Set([...styles.values()].filter((s) => s === 'comma' || s === 'dot'));
  if (decided.size === 1) {
    const consensus = [...decided][0];
    for (const [i, s] of styles) if (s === 'unknown') styles.set(i, consensus);
  }
  return { styles, evident };
}
