import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NON_CSV_FORMATS } from '../csv-engine.api';
import { CONTENT_SNIFF_BYTES, notCsvMessage, recogniseNonCsv } from './content-sniffer';

const FIXTURES = join(__dirname, '../../../test');
const head = (bytes: Uint8Array | string) =>
  recogniseNonCsv(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
const looksLike = (bytes: Uint8Array | string) => head(bytes)?.looksLike ?? null;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

// A ZIP local file header for `name` with no data (enough for the sniffer, which reads the names).
function zipEntry(name: string, data = ''): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt32LE(Buffer.byteLength(data), 18);
  header.writeUInt32LE(Buffer.byteLength(data), 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), Buffer.from(data)]);
}

describe('recogniseNonCsv', () => {
  it.each(readdirSync(join(FIXTURES, 'content-fixtures/not-csv')))(
    'recognises not-csv/%s by its first bytes',
    (name) => {
      const bytes = readFileSync(join(FIXTURES, 'content-fixtures/not-csv', name));
      expect(looksLike(bytes.subarray(0, CONTENT_SNIFF_BYTES))).toBe(name.split('.')[0]);
    },
  );

  it('never refuses a catalog: the text fixtures and the whole fixture corpus (every encoding) pass', () => {
    const all = [...files(join(FIXTURES, 'content-fixtures/csv')), ...files(join(FIXTURES, 'fixtures'))];
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((path) => head(readFileSync(path).subarray(0, CONTENT_SNIFF_BYTES)) !== null)).toEqual(
      [],
    );
  });

  it('knows the other signatures', () => {
    expect(looksLike('RIFF\x10\x00\x00\x00WEBPVP8 ')).toBe('webp');
    expect(looksLike('RIFF\x10\x00\x00\x00WAVEfmt ')).toBe('media');
    expect(looksLike('II*\x00\x08\x00\x00\x00')).toBe('tiff');
    expect(looksLike('MM\x00*\x00\x00\x00\x08')).toBe('tiff');
    expect(looksLike('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00')).toBe('heic');
    expect(looksLike('\x00\x00\x00\x18ftypisom\x00\x00\x02\x00')).toBe('media');
    expect(looksLike('7z\xbc\xaf\x27\x1c\x00\x04')).toBe('7z');
    expect(looksLike('Rar!\x1a\x07\x01\x00')).toBe('rar');
    expect(looksLike('\xcf\xfa\xed\xfe\x07\x00\x00\x01')).toBe('executable');
    expect(looksLike('\xff\xfe\x00\x00s\x00\x00\x00')).toBe('utf32');
    const pe = Buffer.alloc(256, 0x41);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(128, 60);
    pe.write('PE\x00\x00', 128, 'latin1');
    expect(looksLike(pe)).toBe('executable');
  });

  it('needs a whole signature: text that only starts like one is a catalog', () => {
    expect(looksLike('MZ-1,title\nMZ-2,Caneca\n'.repeat(10))).toBeNull();
    expect(looksLike('PK,title\n')).toBeNull();
    expect(looksLike('GIF,title\n')).toBeNull();
    expect(looksLike('BZh9,title\n')).toBeNull();
    expect(looksLike('%PDF')).toBeNull();
    expect(looksLike('')).toBeNull();
  });

  it('tells Office and OpenDocument files from other ZIP archives by their entries', () => {
    const ct = zipEntry('[Content_Types].xml');
    expect(looksLike(Buffer.concat([ct, zipEntry('_rels/.rels'), zipEntry('xl/workbook.xml')]))).toBe('xlsx');
    expect(looksLike(Buffer.concat([ct, zipEntry('word/document.xml')]))).toBe('docx');
    expect(looksLike(Buffer.concat([ct, zipEntry('ppt/presentation.xml')]))).toBe('pptx');
    expect(looksLike(Buffer.concat([ct, zipEntry('docProps/app.xml')]))).toBe('office_open_xml');
    expect(looksLike(zipEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'))).toBe('ods');
    expect(looksLike(zipEntry('mimetype', 'application/vnd.oasis.opendocument.presentation'))).toBe(
      'opendocument',
    );
    expect(looksLike(zipEntry('catalog.csv', 'sku,title\n'))).toBe('zip');
    // An entry name cut by the end of the sniffed bytes is not read.
    expect(looksLike(Buffer.concat([ct, zipEntry('xl/workbook.xml')]).subarray(0, 30 + 19 + 33))).toBe(
      'office_open_xml',
    );
    expect(looksLike(Buffer.from('PK\x05\x06' + '\x00'.repeat(18), 'latin1'))).toBe('zip');
  });

  it('refuses mostly NUL bytes (a quarter and more), but not text with a few, nor UTF-16 text', () => {
    const text = Buffer.from('sku,title\nSKU-1,Caneca\n'.repeat(20));
    const withNuls = (share: number) =>
      Buffer.from(text.map((b, i) => (i % Math.round(1 / share) === 0 ? 0 : b)));
    expect(looksLike(withNuls(0.2))).toBeNull();
    expect(looksLike(withNuls(0.34))).toBe('nul_bytes');
    expect(looksLike(Buffer.alloc(10))).toBe('nul_bytes');
    expect(looksLike(Buffer.from([0]))).toBe('nul_bytes');
    expect(looksLike(Buffer.from('sku,title\nSKU-1,Caneca\n', 'utf16le'))).toBeNull();
    expect(looksLike(Buffer.from('sku,title\nSKU-1,Caneca\n', 'utf16le').swap16())).toBeNull();
    expect(
      looksLike(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sku,title\n', 'utf16le')])),
    ).toBeNull();
    // UTF-16 whose code units are mostly U+0000 is binary all the same.
    expect(
      looksLike(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\x00\x00\x00', 'utf16le')])),
    ).toBe('nul_bytes');
  });

  it('says what the file looks like, with advice where there is some', () => {
    expect(notCsvMessage('png')).toBe('This file looks like a PNG image, not a CSV.');
    expect(notCsvMessage('xlsx')).toBe(
      'This file looks like an Excel workbook (.xlsx), not a CSV. Save it as CSV (UTF-8) in the spreadsheet program and send that file.',
    );
    expect(notCsvMessage('zip')).toMatch(/^This file looks like a ZIP archive, not a CSV\. Unpack it/);
    for (const format of NON_CSV_FORMATS)
      expect(notCsvMessage(format)).toMatch(/^This file looks like .+, not a CSV\./);
  });
});
