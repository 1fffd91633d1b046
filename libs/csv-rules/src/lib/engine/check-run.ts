import { type CsvCheckOptions, type CsvProgress, PADDING_BASE_CELLS } from '../csv-engine.api';
import type { CategoryDefinition, RulePack } from '../packs/rule-pack';
import type { ByteDecoder } from '../reading/byte-decoder';
import type { ReadHandler } from '../reading/csv-reader';
import type { TokenizerIssue } from '../reading/csv-tokenizer';
import type { Dialect } from '../reading/dialect-sniffer';
import type { ColumnSpec } from '../rules/column-spec';
import { needsFullHygiene } from './cell-hygiene';
import { csvLine } from './csv-line';
import { ENGINE_RULES } from './engine-rules';
import type { FindingsSink } from './findings-sink';
import { chooseHeader, type HeldRecord } from './header-choice';
import { type FilePlan, planFile } from './file-plan';
import { synonymIndex } from './header-map';
import type { SinkWriter } from './sink-writer';
import { utf8HygieneScan } from './utf8-hygiene-scan';

/** Leading records searched for the header row. */
export const HEADER_SEARCH_RECORDS = 10;
/** Data rows held back to decide each numeric column's decimal separator (bounded look-ahead). */
export const NUMBER_STYLE_SAMPLE_ROWS = 1000;
/** onProgress is called after a batch once at least this many rows were checked since the last call. */
export const PROGRESS_EVERY_ROWS = 5000;
const ABORT_CHECK_MASK = 1023;

interface HeldIssue {
  readonly kind: TokenizerIssue;
  readonly line: number;
  readonly index: number;
}

export interface RunOutputs {
  readonly issues: SinkWriter;
  readonly corrected: SinkWriter | null;
}

/**
 * One checkCsv run as the reader's handler: holds the first records until the header and the number styles
 * are known, then checks each record as it arrives. Output text accumulates per batch and is written, with
 * backpressure, between batches.
 */
export class CheckRun implements ReadHandler {
  dialectFound: Dialect | null = null;
  plan: FilePlan | null = null;
  private header: string[] | null = null;
  headerLine: number | null = null;
  rowsProcessed = 0;
  /** Short rows written to corrected.csv without their missing cells (see padded). */
  unpaddedRows = 0;
  /** Empty cells added to short rows in corrected.csv so far. */
  private padding = 0;
  private readonly columns: readonly ColumnSpec[];
  private readonly index: ReadonlyMap<string, ColumnSpec>;
  private phase: 'head' | 'sample' | 'body' = 'head';
  private held: HeldRecord[] = [];
  private heldIssues: HeldIssue[] = [];
  private records = 0;
  private headerIndex = -1;
  private corrected = '';
  private lastProgress = 0;
  /** Whether the batch being tokenized needs the full per-character hygiene check (see cell-hygiene). */
  private fullHygiene = true;
  private readonly scanUtf8 = utf8HygieneScan();

  constructor(
    private readonly pack: RulePack,
    private readonly category: CategoryDefinition,
    columns: readonly ColumnSpec[],
    private readonly sink: FindingsSink,
    private readonly outputs: RunOutputs,
    private readonly options: CsvCheckOptions,
  ) {
    this.columns = columns;
    this.index = synonymIndex(columns);
  }

  dialect(dialect: Dialect): void {
    this.dialectFound = dialect;
    if (dialect.declared) {
      this.sink
        .at(null, 1, null)
        .report(
          ENGINE_RULES.sepDirective,
          'The first line only declares the delimiter (sep=); it is skipped.',
          null,
        );
    }
  }

  record(cells: string[], line: number, end: number): void {
    this.sink.inputChars = end;
    const index = this.records++;
    if ((index & ABORT_CHECK_MASK) === 0) this.options.signal?.throwIfAborted();
    if (this.phase === 'body') {
      this.checkRecord(cells, line, index, this.fullHygiene);
      return;
    }
    // Blank lines at the top are not held: there could be any number of them.
    if (this.phase === 'head' && this.held.length === 0 && cells.every((c) => c.trim() === '')) return;
    this.held.push({ cells, line, index, fullHygiene: this.fullHygiene });
    if (this.phase === 'head' && this.held.length >= HEADER_SEARCH_RECORDS) this.findHeader();
    if (this.phase === 'sample' && this.held.length >= NUMBER_STYLE_SAMPLE_ROWS) this.startBody();
  }

  beforeBatch(text: string, carried: string, utf8: Uint8Array | null): void {
    this.fullHygiene =
      needsFullHygiene(carried) ||
      (utf8 && this.scanUtf8 ? this.scanUtf8(utf8) : needsFullHygiene(text)) ||
      // Two spaces can meet where the carried text and the batch join.
      (carried.charCodeAt(carried.length - 1) === 32 && text.charCodeAt(0) === 32);
  }

  issue(kind: TokenizerIssue, line: number): void {
    // Raised while the record that has the problem is being read: it is the next one to arrive.
    if (this.phase === 'body') this.reportIssue({ kind, line, index: this.records });
    else this.heldIssues.push({ kind, line, index: this.records });
  }

  // Writes the batch's output, waiting only where a writer asks to (see SinkWriter.write).
  afterBatch(bytesRead: number): Promise<void> | undefined {
    const issues = this.outputs.issues.write(this.sink.takeIssues());
    return issues ? issues.then(() => this.afterIssues(bytesRead)) : this.afterIssues(bytesRead);
  }

  /** After the last record: checks whatever is still held and reports on the file as a whole. */
  async finish(bytesRead: number): Promise<void> {
    if (this.phase === 'head') this.findHeader();
    if (this.phase === 'sample') this.startBody();
    if (!this.plan) {
      const what = this.records === 0 ? 'The file is empty.' : 'The file has only blank lines.';
      this.sink.at(null, null, null).report(ENGINE_RULES.emptyFile, `${what} No header and no rows.`, null);
    } else if (this.plan.checker.tally.rows === 0) {
      this.sink
        .at(null, null, null)
        .report(ENGINE_RULES.noDataRows, 'The file has a header but no product rows.', null);
    }
    await this.afterBatch(bytesRead);
    this.progress(bytesRead);
  }

  /** Reports the file-level findings the reader's results call for. */
  reportDecoding(decoder: ByteDecoder): void {
    const invalid = decoder.invalidBytes;
    if (invalid.count === 0) return;
    this.sink
      .at(null, null, null)
      .report(
        ENGINE_RULES.invalidBytes,
        `${invalid.count} byte sequence(s) are not valid ${decoder.encoding}; the first, ${invalid.firstByte}, is at byte ${invalid.firstOffset}. They show as � in the cells reported.`,
        invalid.firstByte,
      );
  }

  private afterIssues(bytesRead: number): Promise<void> | undefined {
    let corrected: Promise<void> | undefined;
    if (this.outputs.corrected) {
      const text = this.corrected;
      this.corrected = '';
      corrected = this.outputs.corrected.write(text);
    }
    if (corrected) return corrected.then(() => this.progressIfDue(bytesRead));
    this.progressIfDue(bytesRead);
    return undefined;
  }

  private progressIfDue(bytesRead: number): void {
    if (this.rowsProcessed - this.lastProgress >= PROGRESS_EVERY_ROWS) this.progress(bytesRead);
  }

  private progress(bytesRead: number): void {
    this.lastProgress = this.rowsProcessed;
    const progress: CsvProgress = { rowsProcessed: this.rowsProcessed, bytesRead };
    this.options.onProgress?.(progress);
  }

  private findHeader(): void {
    const delimiter = this.dialectFound?.delimiter ?? ',';
    const choice = chooseHeader(this.held, this.index, delimiter);
    this.phase = 'sample';
    if (!choice) return;
    const headerRecord = this.held[choice.position];
    this.headerIndex = headerRecord.index;
    this.headerLine = headerRecord.line;
    const skipped = this.held.slice(0, choice.position);
    if (skipped.length > 0) {
      this.sink
        .at(null, skipped[0].line, null)
        .report(
          ENGINE_RULES.preamble,
          `${skipped.length} line(s) before the header row (line ${headerRecord.line}) are not product rows; skipped.`,
          skipped[0].cells.join(' ').slice(0, 200),
        );
    }
    if (choice.unquotedFrom !== null) {
      this.sink.at(0, headerRecord.line, null);
      this.sink.fix(
        ENGINE_RULES.headerQuoted,
        `The header was one quoted cell; split into ${choice.cells.length} columns.`,
        choice.unquotedFrom,
        choice.cells.join(delimiter),
      );
    }
    this.held = this.held.slice(choice.position + 1);
    this.header = choice.cells;
  }

  private startBody(): void {
    this.phase = 'body';
    const held = this.held;
    const issues = this.heldIssues;
    this.held = [];
    this.heldIssues = [];
    if (this.header && this.headerLine !== null) {
      this.plan = planFile({
        pack: this.pack,
        category: this.category,
        columns: this.columns,
        index: this.index,
        header: this.header,
        headerLine: this.headerLine,
        sample: held.map((r) => r.cells),
        delimiter: this.dialectFound?.delimiter ?? ',',
        sink: this.sink,
      });
      if (this.outputs.corrected) this.corrected += csvLine(this.plan.correctedHeader);
    }
    let next = 0;
    for (const record of held) {
      while (next < issues.length && issues[next].index <= record.index) this.reportIssue(issues[next++]);
      this.checkRecord(record.cells, record.line, record.index, record.fullHygiene);
    }
    while (next < issues.length) this.reportIssue(issues[next++]);
  }

  private checkRecord(cells: string[], line: number, index: number, fullHygiene: boolean): void {
    const plan = this.plan;
    if (!plan || index <= this.headerIndex) return;
    this.rowsProcessed++;
    plan.checker.fullHygiene = fullHygiene;
    const out = plan.checker.check(cells, index - this.headerIndex, line);
    if (!out || !this.outputs.corrected) return;
    const padding = plan.checker.padding;
    this.corrected += padding === 0 ? csvLine(out) : this.paddedLine(out, padding);
  }

  // A short row gets its missing empty cells in corrected.csv, but padding is what could make that file many times
  // the input (a wide header, then one-cell rows): the cells added in all stay within the characters of input read,
  // plus PADDING_BASE_CELLS; past that, short rows are written as they are.
  private paddedLine(out: readonly string[], padding: number): string {
    const line = csvLine(out);
    if (this.padding + padding > this.sink.inputChars + PADDING_BASE_CELLS) {
      this.unpaddedRows++;
      return line;
    }
    this.padding += padding;
    return `${line.slice(0, -2)}${','.repeat(padding)}\r\n`;
  }

  private reportIssue(issue: HeldIssue): void {
    const row =
      this.headerIndex < 0 || issue.index < this.headerIndex ? null : issue.index - this.headerIndex;
    const rule =
      issue.kind === 'unclosed_quote'
        ? ENGINE_RULES.unclosedQuote
        : issue.kind === 'stray_quote'
          ? ENGINE_RULES.strayQuote
          : ENGINE_RULES.recordTooLong;
    const message =
      issue.kind === 'unclosed_quote'
        ? `A quote opened on line ${issue.line} is never closed; it was read as an ordinary character.`
        : issue.kind === 'stray_quote'
          ? 'Text follows the closing quote of a cell; it was kept as part of the cell.'
          : 'This row is longer than 512 KiB without a line break; it was cut.';
    this.sink.at(row, issue.line, null).report(rule, message, null);
  }
}
