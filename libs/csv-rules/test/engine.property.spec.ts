import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { InputNotCsvError, MARKETPLACES, type CsvReport } from '../src/lib/csv-engine.api';
import { countCsvRows } from '../src/lib/engine/count-csv-rows';
import { CONTENT_SNIFF_BYTES, recogniseNonCsv } from '../src/lib/reading/content-sniffer';
import { csvOf, ML_HEADER, mlRow, runCheck, streamOf } from './run-check';

// Whatever the input, checkCsv resolves with a report that adds up (or, for an input whose first bytes are not
// text, rejects with InputNotCsvError), issues.csv and corrected.csv are valid CSV, and the result does not depend
// on how the input was chunked.

const MESSY_VALUES = [
  '',
  ' ',
  'R$ 1.234,56',
  '1.234',
  '12,50',
  '-5',
  '=HYPERLINK("x")',
  '+55 11',
  '@cmd',
  ' Novo ',
  'USADO',
  'gold_pro',
  'premium',
  '<p>oi</p>',
  'a  b',
  'x\ty',
  'linha\nnova',
  '"',
  '""',
  'a,b',
  'a;b',
  '7.89E+12',
  "'7891234567895",
  '789-1234567895',
  '12345678905',
  'https://x.com/a.jpg',
  'ftp://x',
  'ção',
  '\u0007',
  '\ufeffx',
  '90 days',
  'Sem garantia',
  '500 g',
  '1,5 kg',
];

function expectConsistent(report: CsvReport, issues: string, corrected: string): void {
  const { summary } = report;
  expect(summary.valid + summary.invalid).toBe(summary.rows);
  expect(summary.fixed).toBeLessThanOrEqual(summary.rows);
  const total = summary.errors + summary.warnings + summary.infos;
  const listed = total - report.truncation.droppedFindings;
  const issueRows = parse(issues, { relax_column_count: false }) as string[][];
  expect(issueRows).toHaveLength(listed + 1);
  expect(Object.values(report.countsByRule).reduce((a, b) => a + b, 0)).toBe(total);
  expect(Object.values(report.truncation.droppedByRule).reduce((a, b) => a + b, 0)).toBe(
    report.truncation.droppedFindings,
  );
  expect(report.findings).toHaveLength(Math.min(listed, 1000));
  if (corrected !== '') {
    const correctedRows = parse(corrected, { relax_column_count: true }) as string[][];
    expect(correctedRows).toHaveLength(summary.rows + 1);
  }
}

describe('checkCsv on arbitrary input (properties)', () => {
  it('never rejects on random bytes, for every marketplace, fixing or not, unless they do not start like text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(...MARKETPLACES),
        fc.boolean(),
        async (bytes, marketplace, autoFix) => {
          const notCsv = recogniseNonCsv(bytes.subarray(0, CONTENT_SNIFF_BYTES));
          const checked = runCheck(Buffer.from(bytes), { marketplace, autoFix, chunkSize: 7 });
          if (notCsv) {
            await expect(checked).rejects.toEqual(expect.any(InputNotCsvError));
            await expect(checked).rejects.toMatchObject({
              code: 'INPUT_NOT_CSV',
              looksLike: notCsv.looksLike,
            });
            return;
          }
          const { report, issues, corrected } = await checked;
          expectConsistent(report, issues, corrected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never rejects on mutations of a real catalog (cut, inserted quotes and delimiters, re-encoded)', async () => {
    const base = Buffer.from(
      csvOf([
        [...ML_HEADER],
        mlRow(),
        mlRow({ sku: 'B', description: 'duas\nlinhas, com "aspas"' }),
        mlRow({ sku: 'C' }),
      ]),
    );
    type Mutation = (b: Buffer) => Buffer;
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc
        .record({
          at: fc.nat(),
          insert: fc.constantFrom('"', ',', ';', '\n', '\r', '\t', '\u0000', '""', '\r\n', 'é'),
        })
        .map((m) => (b: Buffer) => {
          const at = m.at % (b.length + 1);
          return Buffer.concat([b.subarray(0, at), Buffer.from(m.insert), b.subarray(at)]);
        }),
      fc.nat().map((n) => (b: Buffer) => b.subarray(0, n % (b.length + 1))),
      fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }).map((m) => (b: Buffer) => {
        const at = m.at % (b.length + 1);
        return Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
      }),
      fc.constant((b: Buffer) => Buffer.from(b.toString('utf8'), 'latin1')),
      fc.constant((b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])),
      fc.constant((b: Buffer) => Buffer.from(b.toString('utf8').replace(/,/g, ';'))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (mutations, autoFix, chunkSize) => {
          const input = mutations.reduce<Buffer>((b, m) => m(b), base);
          const { report, issues, corrected } = await runCheck(input, { autoFix, chunkSize });
          expectConsistent(report, issues, corrected);
          expect(await countCsvRows(streamOf(input, chunkSize))).toBeGreaterThanOrEqual(report.summary.rows);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same report and outputs whatever the chunk size', async () => {
    // Past the first 64 KiB the text is tokenized in batches that follow the input's chunks: a clean prefix that
    // long puts the messy rows where chunk boundaries (and the per-batch hygiene shortcut) come into play.
    const prefix = Array.from({ length: 340 }, (_, i) => mlRow({ sku: `P${i}` }));
    const cells = fc.array(
      fc.array(fc.constantFrom(...MESSY_VALUES), {
        minLength: ML_HEADER.length,
        maxLength: ML_HEADER.length,
      }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(
        cells,
        fc.integer({ min: 200, max: 9000 }),
        fc.constantFrom(',', ';', '\t'),
        async (rows, chunkSize, delimiter) => {
          const input = csvOf([[...ML_HEADER], ...prefix, ...rows], delimiter, '\r\n');
          const whole = await runCheck(input, { autoFix: true });
          const chunked = await runCheck(input, { autoFix: true, chunkSize });
          expect(Buffer.byteLength(input)).toBeGreaterThan(70_000);
          expect(chunked).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('changes a cell only through a recorded fix, and never fills an empty cell', async () => {
    const cells = fc.array(
      fc.array(fc.constantFrom(...MESSY_VALUES), {
        minLength: ML_HEADER.length,
        maxLength: ML_HEADER.length,
      }),
      { minLength: 1, maxLength: 5 },
    );
    await fc.assert(
      fc.asyncProperty(cells, async (rows) => {
        const nonBlank = rows.filter((r) => r.some((c) => c.trim() !== ''));
        const { report, corrected } = await runCheck(csvOf([[...ML_HEADER], ...nonBlank]), { autoFix: true });
        const out = (parse(corrected, { relax_column_count: true }) as string[][]).slice(1);
        expect(out).toHaveLength(nonBlank.length);
        nonBlank.forEach((input, r) => {
          ML_HEADER.forEach((column, c) => {
            const after = out[r][c];
            if (input[c].trim() === '') expect(after).toBe('');
            if (after === input[c]) return;
            const fixes = report.findings.filter(
              (f) => f.row === r + 1 && f.column === column && f.fixed !== null,
            );
            expect(fixes.at(-1)?.fixed).toBe(after);
          });
        });
      }),
      { numRuns: 100 },
    );
  });
});
