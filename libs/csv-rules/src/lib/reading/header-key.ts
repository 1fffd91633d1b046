const COMBINING_MARKS = /[\u0300-\u036f]/g;
const PARENTHESISED = /\([^)]*\)|\[[^\]]*\]/g;
const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

/**
 * The comparable form of a header or synonym: accents, case, punctuation, bracketed notes (`Preço (R$)`) and
 * required-markers (`Título*`) ignored, words separated by one space. `código_de_barras` → `codigo de barras`.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(PARENTHESISED, ' ')
    .replace(NON_ALPHANUMERIC, ' ')
    .trim();
}
