import { FINDING_TEXT_LIMIT } from '../csv-engine.api';

/**
 * A text the outputs echo (a cell value, a header, a message quoting one), cut to FINDING_TEXT_LIMIT characters
 * and marked with `…` when longer, so that one long cell cannot make every line that mentions it long.
 */
export function clipText(text: string): string {
  if (text.length <= FINDING_TEXT_LIMIT) return text;
  const high = text.charCodeAt(FINDING_TEXT_LIMIT - 1);
  // Never keep half of a surrogate pair.
  const cut = high >= 0xd800 && high <= 0xdbff ? FINDING_TEXT_LIMIT - 1 : FINDING_TEXT_LIMIT;
  return `${text.slice(0, cut)}…`;
}
