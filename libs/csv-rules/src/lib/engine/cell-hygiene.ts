import type { CellContext } from '../rules/cell-context';
import { ENGINE_RULES } from './engine-rules';

/** How much whitespace tidying a column gets. */
export const HYGIENE_MODES = ['single_line', 'multi_line', 'trim', 'none'] as const;
export type HygieneMode = (typeof HYGIENE_MODES)[number];

// Control characters (C0 but tab and line breaks, DEL, C1) and zero-width characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]/g;
const REPLACEMENT = 0xfffd;
// Characters that could need tidying anywhere in a batch of text. With none of them, and no double space and no
// lone carriage return, only a space at either end of a cell or a line break inside a quoted cell can need it,
// and those are checked per cell. Most batches of a clean file are like that. (Three separate native scans are
// faster than one regular expression with alternatives.)
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPICIOUS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00a0\u200b-\u200d\u2060\ufeff\ufffd\t]/;

/** True when cells of this text may need more than the per-cell edge checks of `cleanCell`. */
export function needsFullHygiene(text: string): boolean {
  return SUSPICIOUS.test(text) || text.indexOf('  ') !== -1 || hasLoneCarriageReturn(text);
}

function hasLoneCarriageReturn(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return true;
  }
  return false;
}

/**
 * Whether `cleanCell` may change or report anything. When the cell's batch had nothing suspicious (`full` false),
 * only the cell's ends and line breaks need a look; otherwise `cleanCell` has to read every character.
 */
export function needsCleaning(value: string, mode: HygieneMode, full: boolean): boolean {
  return full || edgeProblem(value, mode);
}

/**
 * Removes control characters and tidies whitespace, reporting each as a fix; reports undecodable bytes (U+FFFD),
 * which cannot be fixed. One pass over the characters decides whether anything is to be done.
 */
export function cleanCell(value: string, mode: HygieneMode, ctx: CellContext): string {
  let control = false;
  let replacement = false;
  let space = false;
  const len = value.length;
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c === 32) {
      if (i === 0 || i === len - 1 || value.charCodeAt(i + 1) === 32) space = true;
    } else if (c === 9 || c === 10 || c === 13) {
      if (mode !== 'multi_line' || c === 9 || i === 0 || i === len - 1) space = true;
    } else if (c < 32 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) {
      control = true;
    } else if (c === REPLACEMENT) {
      replacement = true;
    } else if (c === 0xa0 && (i === 0 || i === len - 1)) {
      space = true;
    }
  }
  if (replacement) {
    ctx.report(ENGINE_RULES.invalidBytes, 'Contains characters that could not be read (shown as �); check the text and re-save the file as UTF-8.', value);
  }
  let out = value;
  if (control) {
    const stripped = out.replace(INVISIBLE, '');
    ctx.fix(ENGINE_RULES.controlCharacters, 'Invisible control characters removed.', out, stripped);
    out = stripped;
  }
  if (space && mode !== 'none') {
    const tidy = tidyWhitespace(out, mode);
    if (tidy !== out) {
      ctx.fix(ENGINE_RULES.whitespace, 'Extra spaces removed.', out, tidy);
      out = tidy;
    }
  }
  return out;
}

function edgeProblem(value: string, mode: HygieneMode): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first <= 32 || last <= 32) return mode !== 'none';
  return mode === 'single_line' && value.indexOf('\n') !== -1;
}

function tidyWhitespace(value: string, mode: HygieneMode): string {
  switch (mode) {
    case 'single_line':
      return value.replace(/[\s\u00a0]+/g, ' ').trim();
    case 'multi_line':
      return value
        .replace(/[ \t]+/g, ' ')
        .replace(/ ?(\r?\n) ?/g, '$1')
        .trim();
    default:
      return value.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  }
}
