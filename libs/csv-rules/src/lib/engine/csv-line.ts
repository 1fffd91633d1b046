const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 line (comma-delimited, CRLF-terminated); cells are quoted only when they must be. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += quoted(cells[i]);
  }
  return `${line}\r\n`;
}

/** A cell as written in an RFC 4180 line: quoted, its quotes doubled, only when it must be. */
export function quoted(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
