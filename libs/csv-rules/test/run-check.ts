import { Readable, Writable } from 'node:stream';
import type { CsvCheckOptions, CsvFinding, CsvReport, Marketplace } from '../src/lib/csv-engine.api';
import { checkCsv } from '../src/lib/engine/check-csv';

export interface CheckOutcome {
  readonly report: CsvReport;
  readonly issues: string;
  readonly corrected: string;
}

/** A Writable that keeps what it receives (as UTF-8 text). */
export class TextSink extends Writable {
  text = '';
  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Streams `input` in chunks of `chunkSize` bytes (small chunks exercise every boundary). */
export function streamOf(input: string | Buffer, chunkSize = 64 * 1024): Readable {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

export async function runCheck(
  input: string | Buffer,
  options: Partial<CsvCheckOptions> & { marketplace?: Marketplace; chunkSize?: number } = {},
): Promise<CheckOutcome> {
  const issues = new TextSink();
  const corrected = new TextSink();
  const report = await checkCsv(
    streamOf(input, options.chunkSize),
    { issues, corrected },
    { marketplace: 'mercado_livre', category: 'default', autoFix: false, ...options },
  );
  return { report, issues: issues.text, corrected: corrected.text };
}

/** The findings of one rule (from report.json's first findings). */
export function findingsOf(report: CsvReport, rule: string): CsvFinding[] {
  return report.findings.filter((f) => f.rule === rule);
}

/** A valid Mercado Livre row for the default category, with overrides by canonical column. */
export const ML_HEADER = [
  'sku', 'title', 'description', 'price', 'available_quantity', 'condition', 'listing_type_id', 'buying_mode', 'pictures',
  'brand', 'model', 'gtin', 'package_height', 'package_width', 'package_length', 'package_weight', 'warranty_type', 'warranty_time', 'ncm',
] as const;

export function mlRow(overrides: Partial<Record<(typeof ML_HEADER)[number], string>> = {}): string[] {
  const base: Record<(typeof ML_HEADER)[number], string> = {
    sku: 'SKU-1',
    title: 'Fone de Ouvido Bluetooth Acme X1',
    description: 'Fone sem fio com estojo de carga.',
    price: '199.90',
    available_quantity: '10',
    condition: 'new',
    listing_type_id: 'gold_special',
    buying_mode: 'buy_it_now',
    pictures: 'https://img.example.com/x1.jpg',
    brand: 'Acme',
    model: 'X1',
    gtin: '7891234567895',
    package_height: '5',
    package_width: '10',
    package_length: '15',
    package_weight: '250',
    warranty_type: 'Garantia de fábrica',
    warranty_time: '90 dias',
    ncm: '85183000',
  };
  return ML_HEADER.map((c) => overrides[c] ?? base[c]);
}

/** A CSV (comma, LF) from rows of cells, quoting where needed. */
export function csvOf(rows: readonly (readonly string[])[], delimiter = ',', eol = '\n'): string {
  return rows
    .map((cells) => cells.map((c) => (/["\r\n]/.test(c) || c.includes(delimiter) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter))
    .join(eol) + eol;
}
