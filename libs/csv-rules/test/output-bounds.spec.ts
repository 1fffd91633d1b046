import { parse } from 'csv-parse/sync';
import {
  FINDING_TEXT_LIMIT,
  FINDINGS_PER_RULE_LIMIT,
  ISSUES_BASE_BYTES,
  ISSUES_BYTES_PER_INPUT_CHAR,
  REPORT_COLUMNS_LIMIT,
} from '../src/lib/csv-engine.api';
import { csvOf, ML_HEADER, mlRow, runCheck } from './run-check';

// The documented bound (README, "Bounded output"): whatever the input, a job's artifacts and the synchronous
// answer stay within a multiple of the input's size plus a constant. Checked on inputs made to blow the outputs
// up, at a small size (where the constant matters) and at half a MiB (where the multiple does).
const MIB = 1024 * 1024;
const BOUND = {
  issues: (input: number) => ISSUES_BYTES_PER_INPUT_CHAR * input + ISSUES_BASE_BYTES,
  corrected: (input: number) => 5 * input + MIB,
  report: 12 * MIB,
  total: (input: number) => 7 * input + 14 * MIB,
};

const W = ML_HEADER.length;
const HEADER = ML_HEADER.join(',');

/** `head`, then rows from `row` until the text is `size` characters long. */
function fill(size: number, head: string, row: (i: number) => string): string {
  const parts = [head];
  let length = head.length;
  for (let i = 0; length < size; i++) {
    const text = row(i);
    parts.push(text);
    length += text.length;
  }
  return parts.join('');
}

const ADVERSARIAL: Readonly<Record<string, (size: number) => Buffer>> = {
  'every cell of every row invalid': (size) =>
    Buffer.from(fill(size, `${HEADER}\n`, () => `${Array(W).fill('=x').join(',')}\n`)),
  'every cell fixable, long values echoed before and after': (size) =>
    Buffer.from(
      fill(
        size,
        `${HEADER}\n`,
        (i) =>
          `${Array(W)
            .fill(`  ${'a  b '.repeat(60)}${i}  `)
            .join(',')}\n`,
      ),
    ),
  'very wide rows of formulas': (size) =>
    Buffer.from(fill(size, `${HEADER}\n`, () => `${Array(20_000).fill('=').join(',')}\n`)),
  'a very wide header, then one-cell rows': (size) =>
    Buffer.from(fill(size, `${','.repeat(Math.min(size >> 1, 200_000))}sku\n`, () => 'x\n')),
  'thousands of unknown columns named with control characters, formula cells': (size) => {
    const columns = 1_100;
    const header = Array.from({ length: columns }, (_, i) => `${i}${'\u0001'.repeat(300)}`).join(',');
    return Buffer.from(
      fill(
        size,
        `${header}\n`,
        () =>
          `${Array(columns)
            .fill(`=${'\u0001'.repeat(300)}`)
            .join(',')}\n`,
      ),
    );
  },
  'unclosed quotes': (size) => Buffer.from(fill(size, `${HEADER}\n`, () => `"${'a,'.repeat(50)}\n`)),
  'long values': (size) =>
    Buffer.from(
      fill(
        size,
        `${HEADER}\n`,
        (i) =>
          `${mlRow({ sku: `S${i}`, title: 'T'.repeat(50_000), description: ' <b>x</b> '.repeat(5_000) }).join(',')}\n`,
      ),
    ),
  'a long unknown header, formulas under it': (size) =>
    Buffer.from(fill(size, `${HEADER},${'U'.repeat(100_000)}\n`, () => `${','.repeat(W)}=1\n`)),
  'quotes inside cells': (size) =>
    Buffer.from(fill(size, `${HEADER}\n`, (i) => `S${i},a${'"'.repeat(200)}${','.repeat(W - 2)}\n`)),
  'rows quoted whole': (size) =>
    Buffer.from(fill(size, `${HEADER}\n`, () => `"${Array(W).fill('=x').join(',')}"\n`)),
  'Windows-1252 bytes that become three in UTF-8': (size) =>
    Buffer.from(
      fill(size, 'sku,notes\r', (i) => `S${i},${'\x80'.repeat(100)}"\r`),
      'latin1',
    ),
  'short enum spellings fixed to long values, one byte line ends': (size) =>
    Buffer.from(fill(size, 'sku,warranty_type\r', () => 'a,sem\r')),
  // Cells past the header's width are kept as they are, control characters included (6 bytes each in JSON).
  'control characters past the header': (size) =>
    Buffer.from(fill(size, 'sku\n', () => `a,${'\u0001'.repeat(100)}\n`)),
};

async function outputs(input: Buffer) {
  const { report, issues, corrected } = await runCheck(input, { autoFix: true });
  const bytes = {
    issues: Buffer.byteLength(issues),
    corrected: Buffer.byteLength(corrected),
    // As the worker writes it.
    report: Buffer.byteLength(JSON.stringify(report, null, 2)),
    // As POST /api/v1/validate answers.
    sync: Buffer.byteLength(JSON.stringify({ report, corrected_csv: corrected })),
  };
  return { report, issues, bytes };
}

describe('output bounds on adversarial input', () => {
  it.each(Object.keys(ADVERSARIAL).flatMap((name) => [[name, 16 * 1024] as const, [name, MIB / 2] as const]))(
    '%s (%i bytes)',
    async (name, size) => {
      const input = ADVERSARIAL[name](size);
      const { report, bytes } = await outputs(input);
      const n = input.length;
      expect(bytes.issues).toBeLessThanOrEqual(BOUND.issues(n));
      expect(bytes.corrected).toBeLessThanOrEqual(BOUND.corrected(n));
      expect(bytes.report).toBeLessThanOrEqual(BOUND.report);
      expect(bytes.issues + bytes.corrected + bytes.report).toBeLessThanOrEqual(BOUND.total(n));
      expect(bytes.sync).toBeLessThanOrEqual(BOUND.total(n));
      // The totals stay exact: every finding is counted, listed or not.
      const { errors, warnings, infos } = report.summary;
      expect(Object.values(report.countsByRule).reduce((a, b) => a + b, 0)).toBe(errors + warnings + infos);
    },
  );

  it('cuts every echoed text to FINDING_TEXT_LIMIT characters', async () => {
    const { report } = await outputs(
      ADVERSARIAL['thousands of unknown columns named with control characters, formula cells'](MIB),
    );
    const texts = report.findings.flatMap((f) => [f.column, f.message, f.value, f.fixed, f.suggestion]);
    expect(Math.max(...texts.map((t) => t?.length ?? 0))).toBe(FINDING_TEXT_LIMIT + 1);
    expect(report.detection.headers.every((h) => h.length <= FINDING_TEXT_LIMIT + 1)).toBe(true);
  });
});

describe('what the outputs leave out, and say so', () => {
  const everyCellInvalid = ADVERSARIAL['every cell of every row invalid'];

  it('lists findingsPerRule findings of a rule, then only counts them; the totals stay exact', async () => {
    const input = csvOf([
      [...ML_HEADER],
      ...Array.from({ length: 10 }, (_, i) => mlRow({ sku: `S${i}`, condition: 'broken', price: 'cheap' })),
    ]);
    const all = await runCheck(input);
    const { report, issues } = await runCheck(input, { findingsPerRule: 3 });
    expect(report.countsByRule).toEqual(all.report.countsByRule);
    expect(report.summary).toEqual(all.report.summary);
    expect(report.countsByRule['ml.condition.invalid']).toBe(10);
    const listed = (parse(issues) as string[][]).slice(1).map((cells) => cells[3]);
    expect(listed.filter((rule) => rule === 'ml.condition.invalid')).toHaveLength(3);
    expect(report.findings.filter((f) => f.rule === 'ml.condition.invalid').map((f) => f.row)).toEqual([
      1, 2, 3,
    ]);
    expect(report.truncation).toMatchObject({
      findingsPerRule: 3,
      droppedByRule: { 'ml.condition.invalid': 7, 'ml.price.invalid': 7 },
      droppedFindings: 14,
      issuesSizeLimited: false,
    });
    expect(report.findingsTruncated).toBe(true);
    expect(all.report.truncation).toMatchObject({
      findingsPerRule: FINDINGS_PER_RULE_LIMIT,
      droppedFindings: 0,
      droppedByRule: {},
    });
    expect(all.report.findingsTruncated).toBe(false);
  });

  it('lists nothing with findingsPerRule 0, and refuses a limit that is not a count', async () => {
    const { report, issues } = await runCheck('sku,title\nA,=1\n', { findingsPerRule: 0 });
    expect(issues).toBe('row,line,column,rule,severity,message,value,fixed,suggestion\r\n');
    expect(report.findings).toEqual([]);
    expect(report.truncation.droppedFindings).toBe(
      report.summary.errors + report.summary.warnings + report.summary.infos,
    );
    await expect(runCheck('a\n', { findingsPerRule: -1 })).rejects.toThrow(RangeError);
  });

  it('stops listing when issues.csv reaches its size limit, which grows with the input read', async () => {
    const input = everyCellInvalid(16 * 1024);
    const { report, issues } = await runCheck(input, {
      autoFix: true,
      findingsPerRule: Number.MAX_SAFE_INTEGER,
    });
    expect(report.truncation.issuesSizeLimited).toBe(true);
    expect(Buffer.byteLength(issues)).toBeLessThanOrEqual(BOUND.issues(input.length));
    expect(Buffer.byteLength(issues)).toBeGreaterThan(BOUND.issues(input.length) - 1024);
    expect(report.truncation.droppedFindings).toBeGreaterThan(0);
  });

  it('gives the same outputs, cut-offs included, whatever the chunk size', async () => {
    for (const make of [everyCellInvalid, ADVERSARIAL['a very wide header, then one-cell rows']]) {
      const input = make(64 * 1024);
      const whole = await runCheck(input, { autoFix: true, findingsPerRule: 50 });
      expect(whole.report.truncation.droppedFindings).toBeGreaterThan(0);
      for (const chunkSize of [997, 4096])
        expect(await runCheck(input, { autoFix: true, findingsPerRule: 50, chunkSize })).toEqual(whole);
    }
  });

  it('names at most REPORT_COLUMNS_LIMIT columns in countsByColumn and in the detected headers', async () => {
    const columns = REPORT_COLUMNS_LIMIT + 500;
    const header = Array.from({ length: columns }, (_, i) => `extra ${i}`);
    const { report } = await runCheck(
      csvOf([header, Array(columns).fill('=1+1'), Array(columns).fill('=2+2')]),
    );
    expect(Object.keys(report.countsByColumn)).toHaveLength(REPORT_COLUMNS_LIMIT);
    // Every finding in a column is counted by column or among the uncounted (one, "1450 more unknown headers", is in none).
    const { errors, warnings, infos } = report.summary;
    const byColumn = Object.values(report.countsByColumn).reduce((x, y) => x + y, 0);
    expect(report.findings.filter((f) => f.column === null).map((f) => f.message)).toEqual([
      '1450 more unknown headers.',
    ]);
    expect(byColumn + report.truncation.uncountedColumns).toBe(errors + warnings + infos - 1);
    expect(report.truncation.uncountedColumns).toBeGreaterThanOrEqual(500 * 2);
    expect(report.countsByRule['cell.formula_injection']).toBe(columns * 2);
    expect(report.detection.headers).toEqual(header.slice(0, REPORT_COLUMNS_LIMIT));
    expect(report.detection.columns).toHaveLength(REPORT_COLUMNS_LIMIT);
    expect(report.detection.columnCount).toBe(columns);
  });

  it('pads short rows in corrected.csv until the padding would outgrow the input, then writes them as they are', async () => {
    const short = await runCheck('sku,title,price\nA1\nA2,Caneca,10.00\n', { autoFix: true });
    expect(short.corrected).toBe('sku,title,price\r\nA1,,\r\nA2,Caneca,10.00\r\n');
    expect(short.report.truncation.unpaddedRows).toBe(0);
    // 500,001 columns: each one-cell row needs 500,000 empty cells; the input read covers three rows' worth.
    const { report, corrected } = await runCheck(`${','.repeat(500_000)}sku\n${'x\n'.repeat(6)}`, {
      autoFix: true,
    });
    const rows = corrected.split('\r\n').slice(1, -1);
    expect(rows.map((row) => row.length)).toEqual([500_001, 500_001, 500_001, 1, 1, 1]);
    expect(report.truncation.unpaddedRows).toBe(3);
    expect(report.countsByRule['structure.too_few_cells']).toBe(6);
  });
});
