import type { ColumnSpec, UrlColumn } from '../../rules/column-spec';

const IMAGE_TYPES = ['jpg', 'jpeg', 'png', 'gif', 'tif', 'tiff'];
const OTHER_IMAGES = 8;
const BULLET_POINTS = 5;

// Amazon inventory flat file (Seller Central Brasil): the columns every product type shares.
export const AMAZON_COLUMNS: readonly ColumnSpec[] = [
  { name: 'item_sku', kind: 'text', requirement: 'required', maxLength: 40, unique: 'error', synonyms: ['sku', 'sku do vendedor', 'seller sku', 'código'] },
  { name: 'external_product_id', kind: 'text', requirement: 'recommended', maxLength: 14, synonyms: ['id do produto', 'código de barras', 'ean', 'upc', 'gtin', 'product id'] },
  {
    name: 'external_product_id_type',
    kind: 'enum',
    requirement: 'optional',
    values: ['UPC', 'EAN', 'GTIN', 'ISBN', 'ASIN'],
    synonyms: ['tipo de id do produto', 'tipo de código', 'product id type'],
    valueSynonyms: { 'ean-13': 'EAN', ean13: 'EAN', 'upc-a': 'UPC', 'gtin-14': 'GTIN', 'isbn-13': 'ISBN', 'isbn-10': 'ISBN' },
  },
  { name: 'item_name', kind: 'text', requirement: 'required', maxLength: 200, suggestShortening: true, synonyms: ['título', 'nome do produto', 'nome', 'title', 'product name'] },
  { name: 'brand_name', kind: 'text', requirement: 'required', maxLength: 100, synonyms: ['marca', 'brand', 'nome da marca'] },
  { name: 'manufacturer', kind: 'text', requirement: 'optional', maxLength: 100, synonyms: ['fabricante'] },
  { name: 'feed_product_type', kind: 'text', requirement: 'recommended', maxLength: 100, synonyms: ['tipo de produto', 'product type'] },
  {
    name: 'standard_price',
    kind: 'decimal',
    requirement: 'required',
    min: 0,
    minExclusive: true,
    maxDecimals: 2,
    currency: 'BRL',
    synonyms: ['preço', 'preço padrão', 'price', 'valor'],
  },
  { name: 'quantity', kind: 'integer', requirement: 'recommended', min: 0, synonyms: ['quantidade', 'estoque', 'stock'] },
  { name: 'main_image_url', kind: 'url', requirement: 'required', imageExtensions: IMAGE_TYPES, synonyms: ['imagem principal', 'url da imagem principal', 'main image', 'image url'] },
  ...Array.from({ length: OTHER_IMAGES }, (_, i): UrlColumn => ({
    name: `other_image_url${i + 1}`,
    kind: 'url',
    requirement: 'optional',
    imageExtensions: IMAGE_TYPES,
    synonyms: [`imagem ${i + 2}`, `outra imagem ${i + 1}`, `other image url ${i + 1}`],
  })),
  { name: 'product_description', kind: 'text', requirement: 'recommended', maxLength: 2000, multiline: true, plainText: true, synonyms: ['descrição', 'descrição do produto', 'description'] },
  ...Array.from({ length: BULLET_POINTS }, (_, i): ColumnSpec => ({
    name: `bullet_point${i + 1}`,
    kind: 'text',
    requirement: 'optional',
    maxLength: 500,
    plainText: true,
    synonyms: [`tópico ${i + 1}`, `característica ${i + 1}`, `bullet point ${i + 1}`],
  })),
  {
    name: 'condition_type',
    kind: 'enum',
    requirement: 'optional',
    values: ['New', 'UsedLikeNew', 'UsedVeryGood', 'UsedGood', 'UsedAcceptable', 'Refurbished'],
    synonyms: ['condição', 'condition'],
    valueSynonyms: { novo: 'New', 'used like new': 'UsedLikeNew', 'usado como novo': 'UsedLikeNew', recondicionado: 'Refurbished' },
  },
  {
    name: 'update_delete',
    kind: 'enum',
    requirement: 'optional',
    values: ['Update', 'PartialUpdate', 'Delete'],
    synonyms: ['atualizar excluir', 'operação', 'update delete'],
    valueSynonyms: { atualizar: 'Update', 'atualização parcial': 'PartialUpdate', 'partial update': 'PartialUpdate', excluir: 'Delete' },
  },
  { name: 'parent_child', kind: 'enum', requirement: 'optional', values: ['parent', 'child'], synonyms: ['pai filho', 'parentage'], valueSynonyms: { pai: 'parent', filho: 'child' } },
  { name: 'parent_sku', kind: 'text', requirement: 'optional', maxLength: 40, synonyms: ['sku pai', 'parent sku'] },
];
