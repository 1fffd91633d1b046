import fc from 'fast-check';
import { CsvTokenizer, MAX_RECORD_CHARS, type TokenizerIssue } from './csv-tokenizer';

interface Tokenized {
  records: string[][];
  lines: number[];
  /** Where each record ends in the text (the chunk-boundary properties compare these too). */
  ends: number[];
  issues: [TokenizerIssue, number][];
  quotedFields: number;
  fields: number;
}

function tokenize(
  text: string,
  { delimiter = ',', lineBreak = '\n' as '\n' | '\r', chunk = text.length || 1 } = {},
): Tokenized {
  const out: Tokenized = { records: [], lines: [], ends: [], issues: [], quotedFields: 0, fields: 0 };
  const t = new CsvTokenizer(delimiter, lineBreak, {
    record: (cells, line, end) => {
      out.records.push(cells);
      out.lines.push(line);
      out.ends.push(end);
    },
    issue: (kind, line) => out.issues.push([kind, line]),
  });
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  t.finish();
  out.quotedFields = t.quotedFields;
  out.fields = t.fields;
  return out;
}

describe('CsvTokenizer', () => {
  it('splits records and cells, keeping empty cells', () => {
    expect(tokenize('a,b,c\n1,,3\n,,\n').records).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
    expect(tokenize('a,b').records).toEqual([['a', 'b']]);
    expect(tokenize('a,b,').records).toEqual([['a', 'b', '']]);
  });

  it('reads quoted cells with delimiters, doubled quotes and line breaks, counting physical lines', () => {
    const { records, lines } = tokenize('"a,1","say ""hi""","x\ny\r\nz"\nnext,"",end\r\n');
    expect(records).toEqual([
      ['a,1', 'say "hi"', 'x\ny\r\nz'],
      ['next', '', 'end'],
    ]);
    expect(lines).toEqual([1, 4]);
  });

  it('says where each record ends in the text, line breaks included', () => {
    const text = 'a,b\r\n"x\ny",2\r\n\nlast';
    expect(tokenize(text).ends).toEqual([5, 14, 15, 19]);
    expect(tokenize(text, { chunk: 3 }).ends).toEqual([5, 14, 15, 19]);
    // A line cut at the record limit ends where it was cut; the rest is the next record.
    const long = `${'x'.repeat(MAX_RECORD_CHARS + 10)}\nz\n`;
    expect(tokenize(long, { chunk: 64 * 1024 }).ends.at(-1)).toBe(long.length);
  });

  it('drops the CR of CRLF and reads CR-only files', () => {
    expect(tokenize('a,b\r\nc,d\r\n').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(tokenize('a,b\rc,d\r', { lineBreak: '\r' }).records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps a blank line as a record of one empty cell', () => {
    expect(tokenize('a\n\nb\n').records).toEqual([['a'], [''], ['b']]);
  });

  it('treats a quote inside an unquoted cell as a character', () => {
    expect(tokenize('TV 42",x\n').records).toEqual([['TV 42"', 'x']]);
  });

  it('keeps text after a closing quote and reports it', () => {
    const { records, issues } = tokenize('"abc"def,x\n');
    expect(records).toEqual([['abcdef', 'x']]);
    expect(issues).toEqual([['stray_quote', 1]]);
  });

  it('recovers from an unclosed quote: the quote becomes a character, the next lines are read normally', () => {
    const { records, issues } = tokenize('a,b\n1,"oops\n2,ok\n3,ok\n');
    expect(issues).toEqual([['unclosed_quote', 2]]);
    expect(records).toEqual([
      ['a', 'b'],
      ['1', '"oops'],
      ['2', 'ok'],
      ['3', 'ok'],
    ]);
  });

  it('gives up on a quoted cell longer than the record limit, and cuts an endless line', () => {
    const open = tokenize(`x,"${'a'.repeat(MAX_RECORD_CHARS)}\ny,z\n`, { chunk: 65536 });
    expect(open.issues[0]).toEqual(['unclosed_quote', 1]);
    expect(open.records.at(-1)).toEqual(['y', 'z']);
    const endless = tokenize('b'.repeat(MAX_RECORD_CHARS + 10), { chunk: 65536 });
    expect(endless.issues).toEqual([['record_too_long', 1]]);
    expect(endless.records.map((r) => r[0].length).reduce((a, b) => a + b)).toBe(MAX_RECORD_CHARS + 10);
  });

  it('splits on other delimiters', () => {
    expect(tokenize('a;b|c\t"d;e"\n', { delimiter: ';' }).records).toEqual([['a', 'b|c\t"d', 'e"']]);
    expect(tokenize('a\tb\n', { delimiter: '\t' }).records).toEqual([['a', 'b']]);
  });

  it('gives the same records and lines whatever the chunk boundaries (property)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('"', '""', ',', '\n', '\r\n', '"a,b"', ' '),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), fc.integer({ min: 1, max: 17 }), (parts, chunk) => {
        const text = parts.join('');
        const whole = tokenize(text);
        const chunked = tokenize(text, { chunk });
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same records, lines and counts when long texts arrive in large pieces (property)', () => {
    // Large pieces complete a held record with the start of the next piece only (see push).
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('"', '""', ',', '\n', '\r\n', '"a,b"', ' ', '"x\ny"', 'y'.repeat(3000)),
    );
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 4097, max: 30000 }),
        (parts, chunk) => {
          const unit = parts.join('') || 'a,b\n';
          const text = unit.repeat(Math.ceil((3 * chunk) / unit.length));
          const whole = tokenize(text);
          expect(tokenize(text, { chunk })).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts a quoted cell once even when its record is read again after a chunk boundary', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `"${i}","x"\n`).join('');
    expect(tokenize(text, { chunk: 7 })).toMatchObject({ quotedFields: 6000, fields: 6000 });
    expect(tokenize(text, { chunk: 5000 })).toMatchObject({ quotedFields: 6000, fields: 6000 });
  });

  it('reads back exactly what RFC 4180 quoting wrote (property)', () => {
    const cell = fc.string({ maxLength: 12 }).map((s) => s.replace(/\r/g, ''));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const text =
            rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
          expect(tokenize(text, { chunk: 5 }).records).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});
