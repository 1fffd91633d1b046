import { CsvTokenizer } from '../reading/csv-tokenizer';
import type { CompiledColumn } from '../rules/compile-column';
import type { RowContext, RowView } from '../rules/row-rule';
import type { RuleDefinition } from '../rules/rule-definition';
import { cleanCell, type HygieneMode, needsCleaning } from './cell-hygiene';
import { csvLine } from './csv-line';
import { ENGINE_RULES } from './engine-rules';
import type { FindingsSink } from './findings-sink';
import { isFormulaLike, neutraliseFormula } from './formula-guard';
import type { HeaderSlot } from './header-map';
import { UniqueValues } from './unique-values';

/** A header slot with everything the row loop needs, resolved once per file. */
export interface SlotPlan {
  readonly index: number;
  readonly name: string;
  readonly column: CompiledColumn | null;
  readonly hygiene: HygieneMode;
  readonly unique: UniqueValues | null;
}

export type RowRuleCheck = (row: RowView, ctx: RowContext) => void;

export interface RowTally {
  rows: number;
  valid: number;
  invalid: number;
  fixed: number;
}

/**
 * Checks one record at a time: structure, then each cell (tidy, kind check, formula guard), then the row
 * rules; returns the corrected cells. Holds nothing between rows except the tallies and unique-value sets.
 */
export class RowChecker implements RowView, RowContext {
  readonly tally: RowTally = { rows: 0, valid: 0, invalid: 0, fixed: 0 };
  /** Whether the text the next row comes from needs the full per-character hygiene check. */
  fullHygiene = true;
  /** Cells the last row checked lacks to reach the header's width (they read as empty; the output is not padded). */
  padding = 0;
  private readonly width: number;
  private readonly byName = new Map<string, number>();
  /** The slots with something to report on an empty cell, in column order. */
  private readonly reportWhenEmpty: readonly SlotPlan[];
  private values: string[] = [];

  constructor(
    private readonly plan: readonly SlotPlan[],
    private readonly rowRules: readonly RowRuleCheck[],
    private readonly sink: FindingsSink,
    private readonly delimiter: string,
    /** A required column is missing: no row can be valid. */
    private readonly everyRowInvalid: boolean,
  ) {
    this.width = plan.length;
    for (const slot of plan) if (slot.column) this.byName.set(slot.column.spec.name, slot.index);
    this.reportWhenEmpty = plan.filter((slot) => slot.column?.whenEmpty);
  }

  static plan(slots: readonly HeaderSlot[], compiled: ReadonlyMap<string, CompiledColumn>): SlotPlan[] {
    return slots.map((slot) => {
      const column = slot.spec ? (compiled.get(slot.spec.name) ?? null) : null;
      const spec = column?.spec;
      const hygiene: HygieneMode = !spec
        ? 'none'
        : spec.kind === 'text'
          ? spec.multiline
            ? 'multi_line'
            : 'single_line'
          : 'trim';
      return {
        index: slot.index,
        name: slot.name,
        column,
        hygiene,
        unique: column?.duplicate ? new UniqueValues() : null,
      };
    });
  }

  get(column: string): string | undefined {
    return this.at(this.position(column));
  }

  at(position: number): string | undefined {
    // Past the end of a short row: an empty cell.
    return position < 0 ? undefined : (this.values[position] ?? '');
  }

  position(column: string): number {
    return this.byName.get(column) ?? -1;
  }

  report(
    rule: RuleDefinition,
    column: string | null,
    message: string,
    value: string | null,
    suggestion: string | null = null,
  ): void {
    this.sink.column = column;
    this.sink.report(rule, message, value, suggestion);
  }

  /** Returns the corrected row's cells, or null for a blank row (left out of corrected.csv). */
  check(record: string[], row: number, line: number): string[] | null {
    const sink = this.sink;
    sink.startRow(row, line);
    const width = this.width;
    // The usual row has its width and starts with a visible character: not blank, nothing to repair.
    let values = record;
    if (record.length !== width || !startsVisibly(record[0])) {
      if (isBlank(record)) {
        sink.report(ENGINE_RULES.blankRow, 'This row is empty.', null);
        return null;
      }
      values = this.structure(record);
    }
    const cells = values;
    if (values.length > width) values = values.slice(0, width);
    const filled = values.length;
    // A short row is not padded: under a very wide header that would make every short row cost the header's width.
    this.padding = width - filled;
    this.values = values;
    const plan = this.plan;
    const full = this.fullHygiene;
    for (let i = 0; i < filled; i++) {
      const slot = plan[i];
      sink.column = slot.name;
      let v = values[i];
      if (needsCleaning(v, slot.hygiene, full)) v = cleanCell(v, slot.hygiene, sink);
      const column = slot.column;
      if (column) {
        if (v.length === 0) {
          if (column.whenEmpty) sink.report(column.whenEmpty, `${slot.name} is empty.`, v);
        } else {
          v = column.check(v, sink);
          if (slot.unique) this.checkUnique(slot, column.duplicate, v, row);
        }
      }
      values[i] = v;
    }
    if (filled < width) this.reportMissingCells(filled);
    for (const rule of this.rowRules) rule(this, this);
    // The cells past the header's width are kept in corrected.csv, so they are guarded too.
    const out = cells.length > width ? values.concat(cells.slice(width)) : values;
    this.guardFormulas(out);
    this.tally.rows++;
    if (sink.rowErrors > 0 || this.everyRowInvalid) this.tally.invalid++;
    else this.tally.valid++;
    if (sink.rowFixes > 0) this.tally.fixed++;
    return out;
  }

  // The cells a short row lacks are empty: only the columns that report an empty cell have anything to say.
  private reportMissingCells(from: number): void {
    for (const slot of this.reportWhenEmpty) {
      const whenEmpty = slot.column?.whenEmpty;
      if (slot.index < from || !whenEmpty) continue;
      this.sink.column = slot.name;
      this.sink.report(whenEmpty, `${slot.name} is empty.`, '');
    }
  }

  // Last, so that row rules see the values themselves: the apostrophe only protects the spreadsheet.
  private guardFormulas(values: string[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!isFormulaLike(v)) continue;
      this.sink.column = i < this.plan.length ? this.plan[i].name : `column ${i + 1}`;
      const guarded = neutraliseFormula(v);
      this.sink.fix(
        ENGINE_RULES.formulaInjection,
        'Would run as a formula in a spreadsheet; prefixed with an apostrophe.',
        v,
        guarded,
      );
      values[i] = guarded;
    }
  }

  // Repairs a row quoted whole and reports ragged rows; returns the cells to check.
  private structure(record: string[]): string[] {
    const sink = this.sink;
    let cells = record;
    if (cells.length === 1 && this.width > 1 && cells[0].includes(this.delimiter)) {
      const split = splitRecord(cells[0], this.delimiter);
      if (split.length > 1) {
        sink.fix(
          ENGINE_RULES.rowQuoted,
          `The whole row was one quoted cell; split into ${split.length} cells.`,
          cells[0],
          csvLine(split).slice(0, -2),
        );
        cells = split;
      }
    }
    if (cells.length > this.width) {
      const extra = cells.slice(this.width);
      if (extra.every((c) => c.trim() === '')) {
        sink.report(
          ENGINE_RULES.trailingEmptyCells,
          `${extra.length} empty cell(s) after the last column.`,
          null,
        );
        return cells.slice(0, this.width);
      }
      sink.report(
        ENGINE_RULES.tooManyCells,
        `Has ${cells.length} cells but the header has ${this.width}; a value probably contains an unquoted "${printable(this.delimiter)}".`,
        extra.join(this.delimiter),
      );
    } else if (cells.length < this.width) {
      sink.report(
        ENGINE_RULES.tooFewCells,
        `Has ${cells.length} cells but the header has ${this.width}; the missing ones are empty.`,
        null,
      );
    }
    return cells;
  }

  private checkUnique(slot: SlotPlan, rule: RuleDefinition | null, value: string, row: number): void {
    const unique = slot.unique;
    if (!unique || !rule) return;
    const wasFull = unique.limitReached;
    const earlier = unique.see(value, row);
    if (earlier > 0) this.sink.report(rule, `The same ${slot.name} as row ${earlier}.`, value);
    if (unique.limitReached && !wasFull) {
      this.sink.report(
        ENGINE_RULES.uniqueCheckLimited,
        `Duplicates of ${slot.name} are checked up to this row only.`,
        null,
      );
    }
  }
}

function startsVisibly(cell: string): boolean {
  const c = cell.charCodeAt(0);
  return c > 32 && c < 127;
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.length > 0 && c.trim().length > 0) return false;
  return true;
}

/** Re-reads the text of one cell as a record of its own. */
export function splitRecord(text: string, delimiter: string): string[] {
  let cells: string[] = [];
  const tokenizer = new CsvTokenizer(delimiter, '\n', {
    record: (record) => {
      if (cells.length === 0) cells = record;
    },
    issue: () => undefined,
  });
  tokenizer.push(text);
  tokenizer.finish();
  return cells;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}
