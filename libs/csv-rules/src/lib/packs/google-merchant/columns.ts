import type { ColumnSpec } from '../../rules/column-spec';

const IMAGE_TYPES = ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp'];

// Google Merchant Center product data specification, for a Brazilian feed (prices in BRL).
export const GOOGLE_MERCHANT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', kind: 'text', requirement: 'required', maxLength: 50, unique: 'error', synonyms: ['sku', 'código', 'id do produto', 'product id', 'offer id', 'offer_id'] },
  { name: 'title', kind: 'text', requirement: 'required', maxLength: 150, suggestShortening: true, synonyms: ['título', 'nome', 'nome do produto', 'name', 'product name', 'nombre'] },
  { name: 'description', kind: 'text', requirement: 'required', maxLength: 5000, multiline: true, synonyms: ['descrição', 'descripción', 'product description'] },
  { name: 'link', kind: 'url', requirement: 'required', maxLength: 2000, synonyms: ['url', 'link do produto', 'product url', 'url do produto', 'enlace'] },
  { name: 'image_link', kind: 'url', requirement: 'required', maxLength: 2000, imageExtensions: IMAGE_TYPES, synonyms: ['imagem', 'link da imagem', 'url da imagem', 'image', 'image url', 'imagen'] },
  {
    name: 'additional_image_link',
    kind: 'url',
    requirement: 'optional',
    maxLength: 2000,
    maxItems: 10,
    imageExtensions: IMAGE_TYPES,
    synonyms: ['imagens adicionais', 'link de imagem adicional', 'additional images', 'imágenes adicionales'],
  },
  {
    name: 'availability',
    kind: 'enum',
    requirement: 'required',
    values: ['in_stock', 'out_of_stock', 'preorder', 'backorder'],
    synonyms: ['disponibilidade', 'estoque', 'disponibilidad', 'stock status'],
    valueSynonyms: {
      'em estoque': 'in_stock', disponível: 'in_stock', 'en stock': 'in_stock', disponible: 'in_stock', available: 'in_stock',
      'fora de estoque': 'out_of_stock', esgotado: 'out_of_stock', indisponível: 'out_of_stock', agotado: 'out_of_stock', 'sold out': 'out_of_stock',
      'pré-venda': 'preorder', 'pre-order': 'preorder', preventa: 'preorder',
      'sob encomenda': 'backorder', encomenda: 'backorder', 'back order': 'backorder',
    },
  },
  { name: 'price', kind: 'money', requirement: 'required', currency: 'BRL', currencySymbols: ['R$', 'R $', 'reais'], synonyms: ['preço', 'valor', 'precio'] },
  { name: 'sale_price', kind: 'money', requirement: 'optional', currency: 'BRL', currencySymbols: ['R$', 'R $', 'reais'], synonyms: ['preço promocional', 'preço de oferta', 'precio de oferta', 'promo price'] },
  { name: 'brand', kind: 'text', requirement: 'required', maxLength: 70, synonyms: ['marca'] },
  {
    name: 'gtin',
    kind: 'gtin',
    requirement: 'recommended',
    rejectRestrictedPrefixes: true,
    synonyms: ['ean', 'ean13', 'upc', 'código de barras', 'barcode', 'código de barra'],
  },
  { name: 'mpn', kind: 'text', requirement: 'optional', maxLength: 70, synonyms: ['código do fabricante', 'part number', 'número de peça'] },
  {
    name: 'identifier_exists',
    kind: 'enum',
    requirement: 'optional',
    values: ['yes', 'no'],
    synonyms: ['identificador existe', 'existe identificador'],
    valueSynonyms: { true: 'yes', false: 'no', sim: 'yes', não: 'no', sí: 'yes', y: 'yes', n: 'no' },
  },
  {
    name: 'condition',
    kind: 'enum',
    requirement: 'optional',
    values: ['new', 'refurbished', 'used'],
    synonyms: ['condição', 'estado', 'condición'],
    valueSynonyms: { novo: 'new', nuevo: 'new', recondicionado: 'refurbished', reacondicionado: 'refurbished', usado: 'used' },
  },
  { name: 'google_product_category', kind: 'text', requirement: 'optional', maxLength: 750, synonyms: ['categoria do google', 'categoría de google'] },
  { name: 'product_type', kind: 'text', requirement: 'optional', maxLength: 750, synonyms: ['tipo de produto', 'categoria', 'tipo de producto'] },
  { name: 'item_group_id', kind: 'text', requirement: 'optional', maxLength: 50, synonyms: ['id do grupo', 'grupo de itens', 'parent sku'] },
];
