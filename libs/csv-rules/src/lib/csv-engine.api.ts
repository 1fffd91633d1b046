import type { Readable, Writable } from 'node:stream';

// The contract between the CSV engine and the platform (the worker's tasks and the gateway's synchronous
// validation). Pure TypeScript: no Nest, no I/O beyond the streams it is handed.

/** Wire names of the rule packs: they appear in job params; renaming one needs a migration plan. */
export const MARKETPLACES = ['mercado_livre', 'google_merchant', 'amazon'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

export function isMarketplace(value: unknown): value is Marketplace {
  return typeof value === 'string' && (MARKETPLACES as readonly string[]).includes(value);
}

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One thing the engine found, tied to a cell (or a row / the file when no single cell is to blame). */
export interface CsvFinding {
  /** 1-based data row (the header is row 0); null for file-level findings. */
  readonly row: number | null;
  /** 1-based physical line in the input where the record starts; null for file-level findings. */
  readonly line: number | null;
  /** Canonical column name (after header normalisation), or null when not tied to one column. */
  readonly column: string | null;
  /** Stable rule code, documented in the rule catalogue. */
  readonly rule: string;
  readonly severity: Severity;
  /** A message a seller understands. */
  readonly message: string;
  readonly value: string | null;
  /** The value written to corrected.csv when the engine fixed the cell. */
  readonly fixed: string | null;
  /**
   * A value the seller may use, never written by the engine: the fix `autoFix` would apply when it is off, or a
   * proposal for what cannot be fixed safely (a shortened title, a converted unit).
   */
  readonly suggestion: string | null;
}

/** How a header cell was understood. */
export interface CsvColumnDetection {
  /** The header as written in the file. */
  readonly header: string;
  /** The canonical column it maps to, or null when unknown, blank or a duplicate. */
  readonly column: string | null;
}

export interface CsvProgress {
  readonly rowsProcessed: number;
  readonly bytesRead: number;
}

export interface CsvCheckOptions {
  readonly marketplace: Marketplace;
  /** Category slug; an unknown category falls back to the pack's generic default (and says so in a finding). */
  readonly category: string;
  /** Apply safe fixes and write corrected.csv. */
  readonly autoFix: boolean;
  /** Aborting rejects `checkCsv` promptly with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called regularly (not for every row) while the file is read. */
  readonly onProgress?: (progress: CsvProgress) => void;
  /**
   * Findings listed per rule in issues.csv (and `findings`), default FINDINGS_PER_RULE_LIMIT; past it a rule's
   * findings are only counted (`truncation.droppedByRule`).
   */
  readonly findingsPerRule?: number;
}

export interface CsvCheckSinks {
  /** Receives issues.csv: a header line, then one line per finding, streamed. */
  readonly issues: Writable;
  /** Receives corrected.csv (UTF-8) when `autoFix` is on. */
  readonly corrected?: Writable;
}

export interface CsvSummary {
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly fixed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** The content of report.json. */
export interface CsvReport {
  readonly marketplace: Marketplace;
  readonly category: string;
  readonly rulePackVersion: string;
  readonly summary: CsvSummary;
  readonly detection: {
    readonly encoding: string;
    readonly bom: boolean;
    readonly delimiter: string;
    readonly lineEnding: string;
    readonly headers: readonly string[];
    /** Whether cells are quoted: 'none', 'some' or 'all'. */
    readonly quoting: string;
    /** One entry per header cell, in file order (the first REPORT_COLUMNS_LIMIT; `headers` likewise). */
    readonly columns: readonly CsvColumnDetection[];
    /** Header cells in the file, listed or not. */
    readonly columnCount: number;
    /** 1-based line of the header row (lines above it were a preamble), null for an empty file. */
    readonly headerLine: number | null;
    /** Undecodable byte sequences in the whole file. */
    readonly invalidBytes: number;
  };
  /** Every finding, by rule: exact, listed or not. */
  readonly countsByRule: Readonly<Record<string, number>>;
  /** Findings by column, for the first REPORT_COLUMNS_LIMIT columns that have any (`truncation.uncountedColumns`). */
  readonly countsByColumn: Readonly<Record<string, number>>;
  /** The first findings issues.csv lists (at most `REPORT_FINDINGS_LIMIT`). */
  readonly findings: readonly CsvFinding[];
  /** `findings` does not hold every finding (see `truncation` for those issues.csv does not list either). */
  readonly findingsTruncated: boolean;
  readonly truncation: CsvTruncation;
}

/**
 * What the outputs leave out so that they stay bounded by the input's size (README, "Bounded output"). The
 * summary and `countsByRule` still count every finding.
 */
export interface CsvTruncation {
  /** Findings listed per rule at most (the `findingsPerRule` option). */
  readonly findingsPerRule: number;
  /** Findings counted but listed neither in issues.csv nor in `findings`. */
  readonly droppedFindings: number;
  /** The same per rule, for the rules that lost some. */
  readonly droppedByRule: Readonly<Record<string, number>>;
  /** issues.csv reached its size limit (ISSUES_BYTES_PER_INPUT_CHAR × input + ISSUES_BASE_BYTES) at least once. */
  readonly issuesSizeLimited: boolean;
  /** Findings in columns past the first REPORT_COLUMNS_LIMIT of `countsByColumn`. */
  readonly uncountedColumns: number;
  /** Short rows written to corrected.csv without their missing empty cells (the padding limit was reached). */
  readonly unpaddedRows: number;
}

/** report.json's `findings` holds the first this many findings of issues.csv. */
export const REPORT_FINDINGS_LIMIT = 1000;
/** Default of `findingsPerRule`: issues.csv lists this many findings of one rule, then counts the rest. */
export const FINDINGS_PER_RULE_LIMIT = 1000;
/** Texts a finding echoes (value, fixed, suggestion, message, column) are cut to this many characters plus `…`. */
export const FINDING_TEXT_LIMIT = 200;
/** issues.csv stays within this many bytes per character of input read, plus ISSUES_BASE_BYTES. */
export const ISSUES_BYTES_PER_INPUT_CHAR = 2;
export const ISSUES_BASE_BYTES = 1024 * 1024;
/** `countsByColumn`, `detection.headers` and `detection.columns` name at most this many columns. */
export const REPORT_COLUMNS_LIMIT = 1000;
/** corrected.csv pads short rows with at most (characters of input read + this) empty cells in all. */
export const PADDING_BASE_CELLS = 1024 * 1024;

/** What a file that is not a CSV looks like: `InputNotCsvError.looksLike`. */
export const NON_CSV_FORMATS = [
  'png',
  'jpeg',
  'gif',
  'webp',
  'tiff',
  'heic',
  'media',
  'pdf',
  'xlsx',
  'docx',
  'pptx',
  'ods',
  'opendocument',
  'office_open_xml',
  'zip',
  'office_legacy',
  'gzip',
  'bzip2',
  'xz',
  'zstd',
  '7z',
  'rar',
  'executable',
  'sqlite',
  'utf32',
  'nul_bytes',
] as const;
export type NonCsvFormat = (typeof NON_CSV_FORMATS)[number];

/**
 * The input is recognisably not a CSV (an image, an archive or a workbook, a PDF, binary data), judged by its
 * first bytes: `checkCsv` and `countCsvRows` reject with it before writing anything. `code` is the platform's
 * error code for it; the message says what the file looks like.
 */
export class InputNotCsvError extends Error {
  readonly code = 'INPUT_NOT_CSV';

  constructor(
    readonly looksLike: NonCsvFormat,
    message: string,
  ) {
    super(message);
    this.name = 'InputNotCsvError';
  }
}

/**
 * Reads `input` once, streaming, with bounded memory, and resolves with the report. Bad input never
 * rejects: it becomes findings. Only an input that is not a CSV at all (InputNotCsvError), an abort or a
 * failing stream rejects.
 */
export type CheckCsv = (
  input: Readable,
  sinks: CsvCheckSinks,
  options: CsvCheckOptions,
) => Promise<CsvReport>;

/** Counts data records (quote-aware, header excluded) so progress can say "row N of M"; rejects like checkCsv. */
export type CountCsvRows = (input: Readable, signal?: AbortSignal) => Promise<number>;
