import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';

const HEADER =
  'sku,title,price,available_quantity,condition,listing_type_id,buying_mode,pictures,brand,model,gtin,voltage';

function row(i: number): string {
  return `SKU-${i},Fone de ouvido Bluetooth ${i % 97},"R$ 1.${String(i % 1000).padStart(3, '0')},90",${i % 50},Novo,gold_special,buy_it_now,https://img.example.com/${i}.jpg,Acme,X${i % 13},7891234567895,bivolt`;
}

/** A small Mercado Livre catalog with a few fixable cells (Brazilian prices, `Novo`). */
export function smallCatalog(rows = 20): string {
  return [HEADER, ...Array.from({ length: rows }, (_, i) => row(i + 1))].join('\n') + '\n';
}

/** The body of a job validating (and fixing) an uploaded catalog as electronics; `extra` overrides top-level fields. */
export function catalogJob(inputUri: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task: 'validate_csv_job',
    params: { input_uri: inputUri, marketplace: 'mercado_livre', category: 'electronics', auto_fix: true },
    ...extra,
  };
}

/** Writes a large catalog straight to disk (for runs that must last long enough to be cancelled). */
export async function writeLargeCatalog(path: string, bytes: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const chunk = Array.from({ length: 2_000 }, () => row(++i)).join('\n') + '\n';
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
