import { csvOf, findingsOf, ML_HEADER, mlRow, runCheck } from '../../../test/run-check';
import { MAX_RECORD_CHARS } from '../reading/csv-tokenizer';

describe('structural defects', () => {
  it('cuts a record longer than the limit and keeps checking', async () => {
    const text = csvOf([[...ML_HEADER], mlRow()]) + 'x'.repeat(2 * MAX_RECORD_CHARS) + '\n' + csvOf([mlRow({ sku: 'LAST' })]);
    const { report } = await runCheck(text);
    expect(findingsOf(report, 'structure.record_too_long')).toEqual([expect.objectContaining({ line: 3 })]);
    expect(report.summary.rows).toBeGreaterThanOrEqual(3);
  });

  it('finds the header below a template preamble and reports the preamble', async () => {
    const text = 'Planilha de produtos\nInstruções: uma linha por produto\n' + csvOf([[...ML_HEADER], mlRow()]);
    const { report } = await runCheck(text);
    expect(report.detection.headerLine).toBe(3);
    expect(findingsOf(report, 'structure.preamble')).toEqual([expect.objectContaining({ line: 1 })]);
    expect(report.summary).toMatchObject({ rows: 1, valid: 1 });
  });

  it('splits a header and rows that were quoted whole', async () => {
    const row = mlRow().map((c) => c.replace(/,/g, ' '));
    const text = `"${ML_HEADER.join(',')}"\n"${row.join(',')}"\n`;
    const { report, corrected } = await runCheck(text, { autoFix: true });
    expect(report.detection.columns.filter((c) => c.column !== null)).toHaveLength(ML_HEADER.length);
    expect(report.countsByRule).toMatchObject({ 'structure.header_quoted': 1, 'structure.row_quoted': 1 });
    expect(corrected.split('\r\n')[1]).toBe(row.join(','));
  });

  it('marks every row invalid when a required column is missing, without repeating it per row', async () => {
    const header = ML_HEADER.filter((h) => h !== 'title');
    const rows = [mlRow(), mlRow({ sku: 'B' })].map((r) => r.filter((_, i) => ML_HEADER[i] !== 'title'));
    const { report } = await runCheck(csvOf([header, ...rows]));
    expect(findingsOf(report, 'header.missing_required')).toEqual([expect.objectContaining({ column: 'title', row: 0 })]);
    expect(report.summary).toMatchObject({ rows: 2, valid: 0, invalid: 2 });
    expect(report.countsByRule['ml.title.required']).toBeUndefined();
  });

  it('drops trailing empty cells quietly but keeps extra values', async () => {
    const text = csvOf([[...ML_HEADER]]) + mlRow().join(',') + ',,\n' + mlRow({ sku: 'B' }).join(',') + ',surprise\n';
    const { report, corrected } = await runCheck(text, { autoFix: true });
    expect(report.countsByRule).toMatchObject({ 'structure.trailing_empty_cells': 1, 'structure.too_many_cells': 1 });
    const lines = corrected.trim().split('\r\n');
    expect(lines[1].split(',')).toHaveLength(ML_HEADER.length);
    expect(lines[2].endsWith(',surprise')).toBe(true);
  });
});
