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
    /** One entry per header cell, in file order. */
    readonly columns: readonly CsvColumnDetection[];
    /** 1-based line of the header row (lines above it were a preamble), null for an empty file. */
    readonly headerLine: number | null;
    /** Undecodable byte sequences in the whole file. */
    readonly invalidBytes: number;
  };
  readonly countsByRule: Readonly<Record<string, number>>;
  readonly countsByColumn: Readonly<Record<string, number>>;
  /** The first findings (at most `REPORT_FINDINGS_LIMIT`); issues.csv has all of them. */
  readonly findings: readonly CsvFinding[];
  readonly findingsTruncated: boolean;
}

export const REPORT_FINDINGS_LIMIT = 1000;

/**
 * Reads `input` once, streaming, with bounded memory, and resolves with the report. Bad input never
 * rejects: it becomes findings. Only an abort or a failing sink rejects.
 */
export type CheckCsv = (
  input: Readable,
  sinks: CsvCheckSinks,
  options: CsvCheckOptions,
) => Promise<CsvReport>;

/** Counts data records (quote-aware, header excluded) so progress can say "row N of M". */
export type CountCsvRows = (input: Readable, signal?: AbortSignal) => Promise<number>;
