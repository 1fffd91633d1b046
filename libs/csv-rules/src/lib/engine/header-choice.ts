import type { ColumnSpec } from '../rules/column-spec';
import { recognisedHeaders } from './header-map';
import { splitRecord } from './row-checker';

/** A record held back until the header and the number styles are known. */
export interface HeldRecord {
  readonly cells: string[];
  readonly line: number;
  /** 0-based position among all records of the file. */
  readonly index: number;
  /** Whether the batch it came from needs the full hygiene check. */
  readonly fullHygiene: boolean;
}

export interface HeaderChoice {
  /** Position in the held records. */
  readonly position: number;
  readonly cells: string[];
  /** The header had been quoted into one cell and was split. */
  readonly unquotedFrom: string | null;
}

/**
 * The header is the first of the leading records that names the most known columns (templates put title
 * and instruction lines above it); with none known, the first non-blank record.
 */
export function chooseHeader(
  held: readonly HeldRecord[],
  index: ReadonlyMap<string, ColumnSpec>,
  delimiter: string,
): HeaderChoice | null {
  let best: HeaderChoice | null = null;
  let bestScore = -1;
  held.forEach((record, position) => {
    if (record.cells.every((c) => c.trim() === '')) return;
    const quotedWhole = record.cells.length === 1 && record.cells[0].includes(delimiter);
    const cells = quotedWhole ? splitRecord(record.cells[0], delimiter) : record.cells;
    const score = recognisedHeaders(cells, index);
    if (score > bestScore) {
      bestScore = score;
      best = { position, cells, unquotedFrom: quotedWhole && cells.length > 1 ? record.cells[0] : null };
    }
  });
  return best;
}
