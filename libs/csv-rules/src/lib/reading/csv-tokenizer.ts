/** Structural defects the tokenizer recovers from; the engine turns them into findings. */
export const TOKENIZER_ISSUES = ['unclosed_quote', 'stray_quote', 'record_too_long'] as const;
export type TokenizerIssue = (typeof TOKENIZER_ISSUES)[number];

export interface TokenizerSink {
  /**
   * A complete record and the 1-based physical line it starts on. `cells` is not reused by the tokenizer. `end` is
   * how many characters of text were read up to the record's end, from the start of the text tokenized.
   */
  record(cells: string[], line: number, end: number): void;
  issue(kind: TokenizerIssue, line: number): void;
}

/** Longer than any legitimate record (Mercado Livre descriptions stop at 50,000 characters). */
export const MAX_RECORD_CHARS = 512 * 1024;
/** Characters of a new text first joined to a held, unfinished record to complete it (doubled until it does). */
const JOIN_HEAD_CHARS = 4096;

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * RFC 4180 tokenizer, lenient like spreadsheets: a quote only opens a quoted field at the start of a field,
 * text after a closing quote is kept, and an unclosed quote (at the end of input, or spanning more than
 * MAX_RECORD_CHARS) is re-read as a literal character so the rest of the file is still checked. Memory is
 * bounded by one record. It searches with `indexOf` (native) rather than visiting every character.
 */
export class CsvTokenizer {
  private buf = '';
  /** Characters of text read before `buf`. */
  private base = 0;
  private line = 1;
  /** Issues of the record being read, as kind, line pairs. */
  private readonly issues: (TokenizerIssue | number)[] = [];
  private readonly newline: string;
  private readonly newlineCode: number;
  /**
   * Empty cells as many as the last record had: each record starts as a copy, allocated once at its final size,
   * where an empty array grows twice on the way to a catalog's 20-odd cells.
   */
  private template: string[] = [];
  /** Counters for the dialect report. */
  quotedFields = 0;
  fields = 0;

  constructor(
    private readonly delimiter: string,
    lineBreak: '\n' | '\r',
    private readonly sink: TokenizerSink,
  ) {
    this.newline = lineBreak;
    this.newlineCode = lineBreak.charCodeAt(0);
  }

  /** The start of a record still waiting for its end (it will be emitted by a later push). */
  get pending(): string {
    return this.buf;
  }

  push(text: string): void {
    const held = this.buf;
    // Past MAX_RECORD_CHARS a record is cut where the text ends: then the whole text must be there.
    if (held.length === 0 || text.length <= JOIN_HEAD_CHARS || held.length + text.length > MAX_RECORD_CHARS) {
      this.buf = held.length === 0 ? text : held + text;
      this.parse(false);
      return;
    }
    // The held record is usually one row: complete it with the start of the text only, then read the rest of the
    // text where it is. Joining the whole text would copy all of it into a new string (a join is flattened).
    for (let head = JOIN_HEAD_CHARS; head < text.length; head *= 2) {
      this.buf = held + text.slice(0, head);
      this.parse(false);
      // What is held now starts inside the text once the held record was completed (and emitted).
      const from = head - this.buf.length;
      if (from >= 0) {
        this.buf = text.slice(from);
        this.parse(false);
        return;
      }
    }
    this.buf = held + text;
    this.parse(false);
  }

  finish(): void {
    this.parse(true);
    this.buf = '';
  }

  // One loop over the buffer; returns with the unfinished record kept for the next push.
  private parse(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delimiter;
    const nl = this.newline;
    const nlCode = this.newlineCode;
    const stripCr = nlCode === LF;
    let pos = 0;
    let line = this.line;
    let nextDelim = -1;
    let nextNl = -1;
    let literalQuoteAt = -1;

    records: while (pos < len) {
      const recStart = pos;
      const recLine = line;
      const cells = this.template.slice();
      let n = 0;
      let quoted = 0;
      fields: for (;;) {
        if (pos < len && buf.charCodeAt(pos) === QUOTE && pos !== literalQuoteAt) {
          let start = pos + 1;
          let value = '';
          let close = -1;
          for (;;) {
            const q = buf.indexOf('"', start);
            if (q < 0 || (q + 1 >= len && !final)) break;
            if (q + 1 < len && buf.charCodeAt(q + 1) === QUOTE) {
              value += buf.slice(start, q + 1);
              start = q + 2;
              continue;
            }
            value += buf.slice(start, q);
            close = q;
            break;
          }
          if (close < 0) {
            const tooLong = len - recStart > MAX_RECORD_CHARS;
            if (!final && !tooLong) {
              this.keep(recStart, recLine);
              return;
            }
            // Unclosed: report it where the quote opened and read the quote as an ordinary character.
            this.pendingIssue('unclosed_quote', recLine + countChar(buf, nl, recStart, pos));
            literalQuoteAt = pos;
            continue fields;
          }
          quoted++;
          // Line breaks inside the quotes are found with the cached search for the next one: the text after the
          // field is then not searched again for its line break.
          if (nextNl < pos) nextNl = indexOrEnd(buf, nl, pos, len);
          while (nextNl < close) {
            line++;
            nextNl = indexOrEnd(buf, nl, nextNl + 1, len);
          }
          pos = close + 1;
          const c = pos < len ? buf.charCodeAt(pos) : -1;
          if (c !== -1 && buf.startsWith(delim, pos)) {
            cells[n++] = value;
            pos += delim.length;
            continue fields;
          }
          if (c === nlCode || c === -1) {
            cells[n++] = value;
            if (c !== -1) {
              pos++;
              line++;
            }
            this.emit(cells, n, recLine, quoted, pos);
            continue records;
          }
          if (c === CR && stripCr) {
            if (pos + 1 >= len && !final) {
              this.keep(recStart, recLine);
              return;
            }
            if (pos + 1 >= len || buf.charCodeAt(pos + 1) === LF) {
              cells[n++] = value;
              pos = Math.min(pos + 2, len);
              line++;
              this.emit(cells, n, recLine, quoted, pos);
              continue records;
            }
          }
          // Text after the closing quote: keep it as part of the field, up to the next delimiter or line break.
          const end = Math.min(indexOrEnd(buf, delim, pos, len), indexOrEnd(buf, nl, pos, len));
          if (end === len && !final) {
            this.keep(recStart, recLine);
            return;
          }
          this.pendingIssue('stray_quote', line);
          cells[n++] = value + trimCr(buf.slice(pos, end), stripCr);
          if (end === len) {
            pos = len;
            this.emit(cells, n, recLine, quoted, pos);
            continue records;
          }
          pos = end + 1;
          if (buf.charCodeAt(end) === nlCode) {
            line++;
            this.emit(cells, n, recLine, quoted, pos);
            continue records;
          }
          continue fields;
        }

        if (nextDelim < pos) nextDelim = indexOrEnd(buf, delim, pos, len);
        if (nextNl < pos) nextNl = indexOrEnd(buf, nl, pos, len);
        if (nextDelim < nextNl) {
          cells[n++] = buf.slice(pos, nextDelim);
          pos = nextDelim + delim.length;
          continue;
        }
        if (nextNl < len) {
          let end = nextNl;
          if (stripCr && end > pos && buf.charCodeAt(end - 1) === CR) end--;
          cells[n++] = buf.slice(pos, end);
          pos = nextNl + 1;
          line++;
          this.emit(cells, n, recLine, quoted, pos);
          continue records;
        }
        if (!final) {
          if (len - recStart <= MAX_RECORD_CHARS) {
            this.keep(recStart, recLine);
            return;
          }
          // No line break in sight: cut the record here so memory stays bounded.
          this.pendingIssue('record_too_long', recLine);
        }
        cells[n++] = trimCr(buf.slice(pos, len), stripCr);
        pos = len;
        this.emit(cells, n, recLine, quoted, pos);
        continue records;
      }
    }
    this.buf = '';
    this.base += len;
    this.line = line;
  }

  // Issues wait for their record: a record cut by the end of a chunk is read again from its start next time.
  private pendingIssue(kind: TokenizerIssue, line: number): void {
    this.issues.push(kind, line);
  }

  private emit(cells: string[], n: number, line: number, quoted: number, end: number): void {
    if (n < cells.length) cells.length = n;
    if (n !== this.template.length) this.template = Array.from({ length: n }, () => '');
    const issues = this.issues;
    // Rare: emptying the array only when needed spares a call to the length setter per record.
    if (issues.length > 0) {
      for (let i = 0; i < issues.length; i += 2)
        this.sink.issue(issues[i] as TokenizerIssue, issues[i + 1] as number);
      issues.length = 0;
    }
    // Counted here, not as each quoted cell closes: a record cut by the end of a chunk is read again.
    this.quotedFields += quoted;
    this.fields += cells.length;
    this.sink.record(cells, line, this.base + end);
  }

  private keep(from: number, line: number): void {
    this.issues.length = 0;
    this.base += from;
    this.buf = from === 0 ? this.buf : this.buf.slice(from);
    this.line = line;
  }
}

function indexOrEnd(text: string, search: string, from: number, len: number): number {
  const i = text.indexOf(search, from);
  return i < 0 ? len : i;
}

function countChar(text: string, char: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i >= 0 && i < to; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function trimCr(text: string, stripCr: boolean): string {
  return stripCr && text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}
