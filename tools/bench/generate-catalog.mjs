// Writes a realistic Mercado Livre catalog of about `bytes` bytes: UTF-8, comma-delimited, quoted multi-line
// descriptions, and a few per cent of rows with the defects sellers' files have (Brazilian prices, enum
// synonyms, bad GTINs, long titles, HTML). Deterministic (seeded), streamed to disk.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const HEADER = [
  'sku',
  'title',
  'description',
  'price',
  'currency_id',
  'available_quantity',
  'condition',
  'listing_type_id',
  'buying_mode',
  'pictures',
  'brand',
  'model',
  'gtin',
  'empty_gtin_reason',
  'package_height',
  'package_width',
  'package_length',
  'package_weight',
  'warranty_type',
  'warranty_time',
  'ncm',
];
const PRODUCTS = [
  'Fone de Ouvido Bluetooth',
  'Camiseta Básica Algodão',
  'Panela de Pressão',
  'Carregador Turbo USB-C',
  'Tênis Corrida',
  'Luminária de Mesa LED',
  'Mochila Impermeável',
  'Smartwatch Esportivo',
];
const BRANDS = ['Acme', 'Brasilis', 'Tropicana', 'Nordeste Tech', 'Paulista', 'Gaúcha'];
const WORDS = [
  'qualidade',
  'conforto',
  'resistente',
  'leve',
  'prático',
  'garantia',
  'original',
  'envio',
  'rápido',
  'durável',
  'design',
  'moderno',
  'ideal',
  'para',
  'o',
  'dia',
  'a',
  'dia',
  'com',
  'acabamento',
];

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
}

function gtin(random) {
  const body = '789' + String(Math.floor(random() * 1e9)).padStart(9, '0');
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += Number(body[i]) * w;
  return body + ((10 - (sum % 10)) % 10);
}

function quote(cell) {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function row(i, random) {
  const product = PRODUCTS[i % PRODUCTS.length];
  const brand = BRANDS[i % BRANDS.length];
  const words = Array.from(
    { length: 40 + Math.floor(random() * 40) },
    () => WORDS[Math.floor(random() * WORDS.length)],
  );
  const cells = {
    sku: `SKU-${i}`,
    title: `${product} ${brand} ${i % 1000}`,
    description: `${product} da marca ${brand}. ${words.slice(0, 25).join(' ')}.\n${words.slice(25).join(' ')}, com nota fiscal.`,
    price: (10 + random() * 990).toFixed(2),
    currency_id: 'BRL',
    available_quantity: String(Math.floor(random() * 500)),
    condition: 'new',
    listing_type_id: i % 3 === 0 ? 'gold_pro' : 'gold_special',
    buying_mode: 'buy_it_now',
    pictures: `https://http2.mlstatic.com/D_NQ_NP_${i}-MLB.jpg,https://http2.mlstatic.com/D_NQ_NP_${i}-2-MLB.jpg`,
    brand,
    model: `M${i % 500}`,
    gtin: gtin(random),
    empty_gtin_reason: '',
    package_height: String(5 + (i % 20)),
    package_width: String(10 + (i % 30)),
    package_length: String(15 + (i % 40)),
    package_weight: String(200 + (i % 3000)),
    warranty_type: 'Garantia de fábrica',
    warranty_time: '90 dias',
    ncm: '85183000',
  };
  // About 5% of rows carry a defect a seller's spreadsheet typically has.
  switch (Math.floor(random() * 100)) {
    case 0:
      cells.condition = 'Novo';
      break;
    case 1:
      cells.gtin = cells.gtin.slice(0, 12) + ((Number(cells.gtin[12]) + 1) % 10);
      break;
    case 2:
      cells.title = `${cells.title} com frete grátis e garantia estendida de doze meses`;
      break;
    case 3:
      cells.description = `<p>${cells.description}</p>`;
      break;
    case 4:
      cells.gtin = '7.89123E+12';
      break;
  }
  return HEADER.map((h) => quote(cells[h])).join(',') + '\r\n';
}

export async function generateCatalog(path, bytes, seed = 42) {
  const out = createWriteStream(path);
  const random = rng(seed);
  let written = 0;
  let rows = 0;
  out.write(HEADER.join(',') + '\r\n');
  while (written < bytes) {
    let block = '';
    for (let k = 0; k < 500; k++) block += row(rows++, random);
    written += Buffer.byteLength(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes: written };
}
