const NUMBER_LIKE = /^[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * True when a spreadsheet would run the cell as a formula (CSV injection): it starts with = + - @, a tab or a
 * carriage return and is not simply a signed number such as `-5`.
 */
export function isFormulaLike(value: string): boolean {
  if (value.length === 0) return false;
  const c = value.charCodeAt(0);
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return false;
  return !NUMBER_LIKE.test(value);
}

/** The neutralised form: a leading apostrophe makes spreadsheets show the text instead of evaluating it. */
export function neutraliseFormula(value: string): string {
  return `'${value}`;
}
