export * from './lib/csv-engine.api';
export { checkCsv } from './lib/engine/check-csv';
export { countCsvRows } from './lib/engine/count-csv-rows';
export { ISSUES_CSV_HEADER } from './lib/engine/issues-csv';
export { ruleCatalogue, type RuleCatalogueEntry } from './lib/catalogue/rule-catalogue';
export { DETECTED_ENCODINGS, type DetectedEncoding } from './lib/reading/byte-decoder';
export { DELIMITERS, type Delimiter, LINE_ENDINGS, type LineEnding } from './lib/reading/dialect-sniffer';
