import { headerKey } from '../reading/header-key';
import type { ColumnSpec } from '../rules/column-spec';

/** One header cell and what it was understood as. */
export interface HeaderSlot {
  readonly index: number;
  /** As written (trimmed). */
  readonly header: string;
  /** The canonical column, or null when unknown, blank or a duplicate of an earlier header. */
  readonly spec: ColumnSpec | null;
  readonly problem: 'unknown' | 'blank' | 'duplicate' | null;
  /** The column name findings use: canonical, else the header, else `column_<n>`. */
  readonly name: string;
}

export interface HeaderMap {
  readonly slots: readonly HeaderSlot[];
  /** Required or recommended columns with no header. */
  readonly missing: readonly ColumnSpec[];
}

/** Header key → column, from every column's name and synonyms. */
export function synonymIndex(columns: readonly ColumnSpec[]): ReadonlyMap<string, ColumnSpec> {
  const index = new Map<string, ColumnSpec>();
  for (const c of columns) {
    for (const s of [c.name, ...c.synonyms]) {
      const key = headerKey(s);
      if (!index.has(key)) index.set(key, c);
    }
  }
  return index;
}

/** How many cells of a record are known headers: the header row is the record with the most. */
export function recognisedHeaders(cells: readonly string[], index: ReadonlyMap<string, ColumnSpec>): number {
  const seen = new Set<ColumnSpec>();
  for (const cell of cells) {
    const spec = index.get(headerKey(cell));
    if (spec) seen.add(spec);
  }
  return seen.size;
}

export function mapHeader(cells: readonly string[], columns: readonly ColumnSpec[], index: ReadonlyMap<string, ColumnSpec>): HeaderMap {
  const taken = new Set<ColumnSpec>();
  const slots = cells.map((raw, i): HeaderSlot => {
    const header = raw.trim();
    if (header.length === 0) return { index: i, header, spec: null, problem: 'blank', name: `column_${i + 1}` };
    const spec = index.get(headerKey(header));
    if (!spec) return { index: i, header, spec: null, problem: 'unknown', name: header };
    if (taken.has(spec)) return { index: i, header, spec: null, problem: 'duplicate', name: header };
    taken.add(spec);
    return { index: i, header, spec, problem: null, name: spec.name };
  });
  return { slots, missing: columns.filter((c) => c.requirement !== 'optional' && !taken.has(c)) };
}
