import { rule } from '../rules/rule-definition';

/** Rules of the reading layer and of the engine itself: the same in every pack. */
export const ENGINE_RULES = {
  emptyFile: rule('structure.empty_file', 'error', 'The file is empty.'),
  noDataRows: rule('structure.no_data_rows', 'error', 'The file has a header but no product rows.'),
  invalidBytes: rule(
    'encoding.invalid_bytes',
    'error',
    "Bytes that are not valid text in the file's encoding (shown as �); re-save the file as UTF-8.",
  ),
  sepDirective: rule('structure.sep_directive', 'info', 'An Excel "sep=" line declares the delimiter; it is not a row.'),
  preamble: rule('structure.preamble', 'info', 'Lines before the header row (titles, instructions) are skipped.'),
  headerQuoted: rule('structure.header_quoted', 'warning', 'The whole header was quoted into one cell; it is split into columns.', true),
  rowQuoted: rule('structure.row_quoted', 'error', 'The whole row was quoted into one cell; it is split into columns.', true),
  unclosedQuote: rule(
    'structure.unclosed_quote',
    'error',
    'A quote opens a cell but never closes; the quote is read as an ordinary character so the rest is still checked.',
  ),
  strayQuote: rule('structure.stray_quote', 'warning', 'Text follows a closing quote; it is kept as part of the cell.'),
  recordTooLong: rule('structure.record_too_long', 'error', 'A row longer than 512 KiB without a line break; it is cut there.'),
  tooManyCells: rule(
    'structure.too_many_cells',
    'error',
    'More cells than headers, usually an unquoted delimiter inside a value; the extra cells are kept as they are.',
  ),
  trailingEmptyCells: rule('structure.trailing_empty_cells', 'info', 'Empty cells after the last column; dropped from corrected.csv.'),
  tooFewCells: rule('structure.too_few_cells', 'warning', 'Fewer cells than headers; the missing cells are empty.'),
  blankRow: rule('structure.blank_row', 'warning', 'An empty row; left out of corrected.csv.'),
  headerDuplicate: rule('header.duplicate', 'error', 'Two headers name the same column; only the first one is used.'),
  headerBlank: rule('header.blank', 'warning', 'A column without a header; its cells are kept but not checked.'),
  headerUnknown: rule('header.unknown', 'info', 'A header the marketplace does not know; its cells are kept but not checked.'),
  missingRequired: rule('header.missing_required', 'error', 'A required column is missing: every row lacks it.'),
  missingRecommended: rule('header.missing_recommended', 'warning', 'A recommended column is missing.'),
  categoryUnknown: rule('category.unknown', 'warning', "The category is not known to the pack; the pack's generic rules are used."),
  brazilianNumbers: rule(
    'column.brazilian_numbers',
    'info',
    'The column is written in Brazilian notation (1.234,56); its values are converted to 1234.56.',
  ),
  uniqueCheckLimited: rule('column.unique_check_limited', 'info', 'Too many distinct values to check them all for duplicates; later rows are not compared.'),
  whitespace: rule('cell.whitespace', 'info', 'Leading, trailing or repeated spaces, tabs or line breaks; trimmed and collapsed.', true),
  controlCharacters: rule('cell.control_characters', 'warning', 'Invisible control characters; removed.', true),
  formulaInjection: rule(
    'cell.formula_injection',
    'warning',
    "Starts with = + - @, a tab or a carriage return and would run as a formula in a spreadsheet; corrected.csv prefixes it with '.",
    true,
  ),
} as const;
