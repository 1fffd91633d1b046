import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputNotCsvError } from '../src/lib/csv-engine.api';
import { checkCsv } from '../src/lib/engine/check-csv';
import { countCsvRows } from '../src/lib/engine/count-csv-rows';
import { runCheck, streamOf, TextSink } from './run-check';

// content-fixtures/not-csv/<what it looks like>.<ext> are small files made for these tests (images, archives,
// workbooks, a PDF, a database, binary data); content-fixtures/csv/ holds catalogs that only start like one.
const ROOT = join(__dirname, 'content-fixtures');
const notCsv = readdirSync(join(ROOT, 'not-csv'));
const csv = readdirSync(join(ROOT, 'csv'));

describe('an input that is not a CSV', () => {
  it.each(notCsv)('not-csv/%s: checkCsv rejects with INPUT_NOT_CSV and writes nothing', async (name) => {
    const bytes = readFileSync(join(ROOT, 'not-csv', name));
    for (const chunkSize of [1, 7, 64 * 1024]) {
      const issues = new TextSink();
      const corrected = new TextSink();
      const checked = checkCsv(
        streamOf(bytes, chunkSize),
        { issues, corrected },
        { marketplace: 'mercado_livre', category: 'default', autoFix: true },
      );
      await expect(checked).rejects.toBeInstanceOf(InputNotCsvError);
      await expect(checked).rejects.toMatchObject({
        code: 'INPUT_NOT_CSV',
        looksLike: name.split('.')[0],
        message: expect.stringMatching(/^This file looks like .+, not a CSV\./),
      });
      expect(issues.text).toBe('');
      expect(corrected.text).toBe('');
    }
  });

  it.each(notCsv)('not-csv/%s: countCsvRows rejects the same way', async (name) => {
    const bytes = readFileSync(join(ROOT, 'not-csv', name));
    await expect(countCsvRows(streamOf(bytes, 5))).rejects.toMatchObject({
      code: 'INPUT_NOT_CSV',
      looksLike: name.split('.')[0],
    });
  });

  it('names an Excel workbook and a PNG image in words', async () => {
    await expect(runCheck(readFileSync(join(ROOT, 'not-csv/xlsx.xlsx')))).rejects.toThrow(
      'This file looks like an Excel workbook (.xlsx), not a CSV.',
    );
    await expect(runCheck(readFileSync(join(ROOT, 'not-csv/png.png')))).rejects.toThrow(
      'This file looks like a PNG image, not a CSV.',
    );
  });

  it('decides on the first bytes only: a catalog with binary junk further on is checked', async () => {
    const catalog = Buffer.from('sku,title,price\n' + 'SKU-1,Caneca,29.90\n'.repeat(300));
    const { report } = await runCheck(
      Buffer.concat([catalog, Buffer.alloc(4096), readFileSync(join(ROOT, 'not-csv/png.png'))]),
    );
    expect(report.summary.rows).toBeGreaterThanOrEqual(300);
    expect(report.countsByRule['cell.control_characters']).toBeGreaterThan(0);
  });
});

describe('text that only looks unusual', () => {
  it.each(csv)('csv/%s is read as a catalog', async (name) => {
    const { report } = await runCheck(readFileSync(join(ROOT, 'csv', name)), { chunkSize: 3 });
    expect(report.summary.rows).toBeGreaterThan(0);
    expect(report.detection.headers.length).toBeGreaterThan(1);
  });

  it('reads UTF-16 with and without a byte-order mark', async () => {
    for (const name of ['utf16le-bom.csv', 'utf16le-no-bom.csv']) {
      const { report } = await runCheck(readFileSync(join(ROOT, 'csv', name)));
      expect(report.detection.encoding).toBe('utf-16le');
      expect(report.detection.headers).toEqual(['sku', 'title', 'price', 'available_quantity', 'condition']);
      expect(report.summary.rows).toBe(2);
    }
  });
});
