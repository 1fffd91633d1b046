import { PassThrough, Readable, Writable } from 'node:stream';
import { csvOf, findingsOf, ML_HEADER, mlRow, runCheck, streamOf, TextSink } from '../../../test/run-check';
import { REPORT_FINDINGS_LIMIT } from '../csv-engine.api';
import { checkCsv } from './check-csv';
import { csvLine } from './csv-line';
import { countCsvRows } from './count-csv-rows';
import { ISSUES_CSV_HEADER } from './issues-csv';

const ML = { marketplace: 'mercado_livre' as const, category: 'default', autoFix: false };

describe('checkCsv', () => {
  it('accepts a clean catalog: every row valid, no errors, header mapped', async () => {
    const { report, issues } = await runCheck(csvOf([[...ML_HEADER], mlRow(), mlRow({ sku: 'SKU-2' })]));
    expect(report.summary).toEqual({ rows: 2, valid: 2, invalid: 0, fixed: 0, errors: 0, warnings: 0, infos: 0 });
    expect(report.detection).toMatchObject({ encoding: 'utf-8', bom: false, delimiter: ',', lineEnding: 'LF', quoting: 'none', headerLine: 1 });
    expect(report.detection.columns.every((c) => c.column !== null)).toBe(true);
    expect(issues).toBe(`${ISSUES_CSV_HEADER}\r\n`);
    expect(report.rulePackVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reads a Windows-1252, semicolon, CRLF export with Portuguese headers and Brazilian numbers', async () => {
    const text = ['Título;Preço;Estoque;Condição;Tipo de anúncio;Imagens;Marca;Código de barras', 'Camiseta Básica;R$ 1.234,56;1.000;Novo;Clássico;https://x.com/a.png;Acme;7891234567895'].join('\r\n');
    const { report } = await runCheck(Buffer.from(text, 'latin1'), { autoFix: true });
    expect(report.detection).toMatchObject({ encoding: 'windows-1252', delimiter: ';', lineEnding: 'CRLF' });
    expect(report.detection.columns.map((c) => c.column)).toEqual(['title', 'price', 'available_quantity', 'condition', 'listing_type_id', 'pictures', 'brand', 'gtin']);
    const fixes = Object.fromEntries(report.findings.filter((f) => f.fixed !== null).map((f) => [f.column, f.fixed]));
    expect(fixes).toMatchObject({ price: '1234.56', available_quantity: '1000', condition: 'new', listing_type_id: 'gold_special' });
    expect(report.summary).toMatchObject({ rows: 1, valid: 1, invalid: 0, fixed: 1 });
  });

  it('reads an ISO-8859-1 file exactly: a C1 byte is a control character to remove, not an encoding error', async () => {
    const text = csvOf([[...ML_HEADER], mlRow({ title: 'Camiseta Ação\u0081' })]);
    const { report, corrected } = await runCheck(Buffer.from(text, 'latin1'), { autoFix: true });
    expect(report.detection.encoding).toBe('windows-1252');
    expect(report.findings.map((f) => f.rule)).not.toContain('encoding.invalid_bytes');
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'cell.control_characters', column: 'title', fixed: 'Camiseta Ação' }));
    expect(corrected.split('\r\n')[1]).toBe(mlRow({ title: 'Camiseta Ação' }).join(','));
  });

  it('writes corrected.csv in UTF-8 with canonical headers and every fix applied', async () => {
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvOf([[...ML_HEADER], mlRow({ title: '  Fone   Azul ', price: 'R$ 10,50', condition: 'Novo' })], ';'))]);
    const { report, corrected } = await runCheck(input, { autoFix: true });
    expect(report.detection).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';' });
    const [header, row] = corrected.split('\r\n');
    expect(header).toBe(ML_HEADER.join(','));
    expect(row).toBe(mlRow({ title: 'Fone Azul', price: '10.50', condition: 'new', warranty_type: 'Garantia de fábrica' }).join(','));
  });

  it('neutralises formulas wherever corrected.csv carries text: cells, unknown headers, cells past the header; numbers such as -5 stay', async () => {
    const header = [...ML_HEADER, '@note'];
    const input = csvOf([
      header,
      [...mlRow({ model: '=HYPERLINK("http://x")', available_quantity: '-5' }), '+SUM(1)'],
      [...mlRow({ sku: 'SKU-2' }), 'ok', '-cmd|calc'],
    ]);
    const { report, corrected } = await runCheck(input, { autoFix: true });
    const [outHeader, first, second] = corrected.split('\r\n');
    expect(outHeader).toBe(csvLine([...ML_HEADER, "'@note"]).slice(0, -2));
    expect(first).toBe(csvLine([...mlRow({ model: `'=HYPERLINK("http://x")`, available_quantity: '-5' }), "'+SUM(1)"]).slice(0, -2));
    expect(second).toBe(csvLine([...mlRow({ sku: 'SKU-2' }), 'ok', "'-cmd|calc"]).slice(0, -2));
    const guarded = report.findings.filter((f) => f.rule === 'cell.formula_injection');
    expect(guarded.map((f) => [f.row, f.column, f.value, f.fixed])).toEqual([
      [0, '@note', '@note', "'@note"],
      [1, 'model', '=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
      [1, '@note', '+SUM(1)', "'+SUM(1)"],
      [2, 'column 21', '-cmd|calc', "'-cmd|calc"],
    ]);
  });

  it('reports without fixing when autoFix is off, offering the fix as a suggestion', async () => {
    const { report, corrected } = await runCheck(csvOf([[...ML_HEADER], mlRow({ condition: 'Novo' })]));
    expect(corrected).toBe('');
    expect(findingsOf(report, 'ml.condition.synonym')).toEqual([
      expect.objectContaining({ row: 1, line: 2, column: 'condition', severity: 'error', value: 'Novo', fixed: null, suggestion: 'new' }),
    ]);
    expect(report.summary).toMatchObject({ valid: 0, invalid: 1, fixed: 0 });
  });

  it.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('detects the %s (%s) delimiter', async (delimiter) => {
    const { report } = await runCheck(csvOf([[...ML_HEADER], mlRow(), mlRow({ sku: 'B' })], delimiter));
    expect(report.detection.delimiter).toBe(delimiter);
    expect(report.summary.errors).toBe(0);
  });

  it('reports structural defects with line numbers and keeps checking the rest', async () => {
    const rows = [ML_HEADER.join(','), mlRow().join(','), mlRow({ sku: 'B' }).join(',') + ',extra', 'SKU-C,"Fone', '', mlRow({ sku: 'D' }).slice(0, 5).join(',')];
    const { report } = await runCheck(rows.join('\n'));
    expect(findingsOf(report, 'structure.too_many_cells')).toEqual([expect.objectContaining({ row: 2, line: 3 })]);
    expect(findingsOf(report, 'structure.unclosed_quote')).toEqual([expect.objectContaining({ line: 4 })]);
    expect(findingsOf(report, 'structure.blank_row')).toEqual([expect.objectContaining({ row: 4, line: 5 })]);
    expect(findingsOf(report, 'structure.too_few_cells').map((f) => [f.row, f.line])).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(report.summary.rows).toBe(4);
  });

  it('rejects with the abort reason, promptly, and never rejects on bad input', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const rows = [[...ML_HEADER], ...Array.from({ length: 20000 }, (_, i) => mlRow({ sku: `S${i}` }))];
    let calls = 0;
    const pending = checkCsv(streamOf(csvOf(rows), 4096), { issues: new TextSink() }, {
      ...ML,
      signal: controller.signal,
      onProgress: () => {
        if (++calls === 1) controller.abort(reason);
      },
    });
    await expect(pending).rejects.toBe(reason);
    await expect(runCheck(Buffer.from([0xff, 0x00, 0x22, 0x0a, 0x22, 0x3b]))).resolves.toBeDefined();
  });

  it('waits for drain on a slow sink instead of buffering everything', async () => {
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, done) {
        maxBuffered = Math.max(maxBuffered, this.writableLength);
        setImmediate(done);
      },
    });
    // Findings only after the number-style sample (the first 1,000 rows are held and checked at once).
    const rows = [[...ML_HEADER], ...Array.from({ length: 4000 }, (_, i) => mlRow({ sku: `S${i}`, condition: i < 1000 ? 'new' : 'Novo' }))];
    const text = csvOf(rows);
    const everything = (await runCheck(text)).issues.length;
    const report = await checkCsv(streamOf(text, 8192), { issues: slow }, ML);
    expect(report.summary.rows).toBe(4000);
    expect(maxBuffered).toBeLessThan(everything / 10);
  });

  it('rejects when a sink fails', async () => {
    const failing = new Writable({ write: (_c, _e, done) => done(new Error('disk full')) });
    await expect(checkCsv(streamOf(csvOf([[...ML_HEADER], mlRow()])), { issues: failing }, ML)).rejects.toThrow('disk full');
  });

  it('keeps only the first findings in the report, all of them in issues.csv', async () => {
    const rows = [[...ML_HEADER], ...Array.from({ length: 700 }, (_, i) => mlRow({ sku: `S${i}`, condition: 'x', listing_type_id: 'y' }))];
    const { report, issues } = await runCheck(csvOf(rows));
    expect(report.findings).toHaveLength(REPORT_FINDINGS_LIMIT);
    expect(report.findingsTruncated).toBe(true);
    expect(issues.trim().split('\r\n')).toHaveLength(1 + 1400);
    expect(report.countsByRule).toMatchObject({ 'ml.condition.invalid': 700, 'ml.listing_type_id.invalid': 700 });
    expect(report.countsByColumn).toMatchObject({ condition: 700, listing_type_id: 700 });
  });

  it('calls onProgress with rows and bytes, ending with the totals', async () => {
    const rows = [[...ML_HEADER], ...Array.from({ length: 12000 }, (_, i) => mlRow({ sku: `S${i}` }))];
    const text = csvOf(rows);
    const seen: number[] = [];
    let bytes = 0;
    await checkCsv(streamOf(text, 8192), { issues: new PassThrough().resume() }, {
      ...ML,
      onProgress: (p) => {
        seen.push(p.rowsProcessed);
        bytes = p.bytesRead;
      },
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(12000);
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('says a file quoted throughout is quoted throughout, however long', async () => {
    const rows = [[...ML_HEADER], ...Array.from({ length: 1000 }, (_, i) => mlRow({ sku: `S${i}` }))];
    const text = rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    for (const chunkSize of [1000, 64 * 1024, text.length]) {
      expect((await runCheck(text, { chunkSize })).report.detection.quoting).toBe('all');
    }
  });

  it('finds two spaces in a cell wherever the chunks of the input split them', async () => {
    // The batch boundary after the first 64 KiB of text (then one per chunk) falls between the two spaces.
    const head = csvOf([[...ML_HEADER], ...Array.from({ length: 200 }, (_, i) => mlRow({ sku: `S${i}` }))]);
    const target = csvOf([mlRow({ sku: 'T', title: 'Fone  Azul' })]);
    const withPad = (n: number): string => head + csvOf([mlRow({ sku: 'PAD', description: 'x'.repeat(n) })]);
    // Chunks of `at` or `at / 2` bytes put a boundary between the two spaces (the title comes before any non-ASCII).
    const n = 70_000 - head.length;
    const text = withPad((Buffer.byteLength(withPad(n)) + target.indexOf('  ') + 1) % 2 === 0 ? n : n + 1);
    const at = Buffer.byteLength(text) + target.indexOf('  ') + 1;
    const input = text + target;
    for (const chunkSize of [at, at / 2, input.length]) {
      expect(Number.isInteger(chunkSize)).toBe(true);
      const { report } = await runCheck(input, { chunkSize });
      expect(findingsOf(report, 'cell.whitespace')).toEqual([expect.objectContaining({ column: 'title', value: 'Fone  Azul' })]);
    }
  });

  it('reports an empty file and a header-only file', async () => {
    expect(findingsOf((await runCheck('')).report, 'structure.empty_file')).toHaveLength(1);
    expect(findingsOf((await runCheck(ML_HEADER.join(',') + '\n')).report, 'structure.no_data_rows')).toHaveLength(1);
  });
});

describe('countCsvRows', () => {
  it('counts records, not lines, and excludes the header', async () => {
    const text = csvOf([[...ML_HEADER], mlRow({ description: 'line one\nline two\r\nline three' }), mlRow()], ',', '\r\n');
    expect(await countCsvRows(streamOf(text, 7))).toBe(2);
    expect(await countCsvRows(Readable.from([]))).toBe(0);
  });

  it('agrees with the rows checkCsv processes', async () => {
    const text = csvOf([[...ML_HEADER], mlRow(), [''], mlRow({ sku: 'B' })]);
    let processed = 0;
    await checkCsv(streamOf(text), { issues: new TextSink() }, { ...ML, onProgress: (p) => (processed = p.rowsProcessed) });
    expect(await countCsvRows(streamOf(text))).toBe(processed);
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(countCsvRows(streamOf('a,b\n1,2\n'), controller.signal)).rejects.toThrow('stop');
  });
});

describe('checkCsv on a stalled input', () => {
  it('rejects with the abort reason without waiting for the next chunk', async () => {
    const stalled = new PassThrough();
    stalled.write(`${ML_HEADER.join(',')}\n`);
    const controller = new AbortController();
    const pending = checkCsv(stalled, { issues: new TextSink() }, { ...ML, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('job cancelled')), 20);
    await expect(pending).rejects.toThrow('job cancelled');
  });

  it('refuses a marketplace it has no pack for, as a programming error', async () => {
    const options = { ...ML, marketplace: 'shopee' as never };
    await expect(checkCsv(streamOf('a\n'), { issues: new TextSink() }, options)).rejects.toThrow(TypeError);
  });
});
