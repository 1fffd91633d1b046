const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 line (comma-delimited, CRLF-terminated); cells are quoted only when they must be. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return `${line}\r\n`;
}
