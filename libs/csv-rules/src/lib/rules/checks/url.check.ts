import type { CellContext } from '../cell-context';
import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { UrlColumn } from '../column-spec';
import { rule, type RuleDefinition } from '../rule-definition';

// A list of addresses is separated by , ; | or whitespace.
const SEPARATOR = /[\s,;|]/;
const SEPARATORS = /[\s,;|]+/;
const SCHEMELESS = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$/i;
const EXTENSION = /^[a-z0-9]{2,5}$/;
const OTHER_IMAGE_EXTENSIONS = ['gif', 'webp', 'bmp', 'tif', 'tiff', 'svg', 'heic', 'avif'];

interface UrlRules {
  readonly invalid: RuleDefinition;
  readonly tooLong: RuleDefinition | null;
  readonly extension: RuleDefinition | null;
  readonly unknownExtension: RuleDefinition | null;
}

/** One URL or a list of them; image URLs must point at an accepted file type. */
export const urlColumn: KindCompiler<UrlColumn> = (spec, env) => {
  const full = fullUrlCheck(spec, env);
  const isClean = cleanUrlCell(spec);
  return { rules: full.rules, check: (value, ctx) => (isClean(value) ? value : full.check(value, ctx)) };
};

/** Every address of the cell checked one by one, with no shortcut. */
export const fullUrlCheck: KindCompiler<UrlColumn> = (spec, env) => {
  const code = (problem: string): string => columnRuleCode(env, spec, problem);
  const images = spec.imageExtensions;
  const rules: UrlRules = {
    invalid: rule(code('invalid'), 'error', 'Must be a full http:// or https:// address.'),
    tooLong: spec.maxLength ? rule(code('too_long'), 'error', `Each address has at most ${spec.maxLength} characters.`) : null,
    extension: images ? rule(code('extension'), 'error', `Images must be ${images.map((e) => e.toUpperCase()).join(' or ')} files.`) : null,
    unknownExtension: images
      ? rule(code('extension_unknown'), 'warning', 'The address does not show the image type; it cannot be confirmed as accepted.')
      : null,
  };
  const maxItems = spec.maxItems ?? 1;
  const tooMany = maxItems > 1 ? rule(code('too_many'), 'error', `At most ${maxItems} addresses.`) : null;
  const checkOne = (url: string, ctx: CellContext): void => checkUrl(url, spec, rules, ctx);
  return {
    rules: [rules.invalid, rules.tooLong, rules.extension, rules.unknownExtension, tooMany].filter((r) => r !== null),
    check: (value, ctx) => {
      if (maxItems === 1 || !SEPARATOR.test(value)) {
        checkOne(value, ctx);
        return value;
      }
      const urls = value.split(SEPARATORS);
      let count = 0;
      for (const url of urls) {
        if (url.length === 0) continue;
        count++;
        checkOne(url, ctx);
      }
      if (tooMany && count > maxItems) {
        ctx.report(tooMany, `Has ${count} addresses; ${env.marketplace} accepts at most ${maxItems}.`, value);
      }
      return value;
    },
  };
};

/**
 * Whether a cell has the shape of one whose every address passes without a finding, as most do: plain hosts,
 * for image columns a path ending in an accepted extension as written, no more addresses than allowed. One
 * native match instead of a character loop per address; a cell without that shape gets the full check (a cell
 * with it would get no finding there either).
 */
export function cleanUrlCell(spec: UrlColumn): (value: string) => boolean {
  const maxItems = spec.maxItems ?? 1;
  const host = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+';
  const images = spec.imageExtensions;
  // An image path ends in the extension, and that dot is then the last one after the last slash.
  const rest = images
    ? `/[^\\s\\x00-\\x1f\\x7f,;|?#]*\\.(?:${images.map(escapeRegExp).join('|')})`
    : '(?:[/?#][^\\s\\x00-\\x1f\\x7f,;|]*)?';
  const url = `[Hh][Tt][Tt][Pp][Ss]?://${host}${rest}`;
  const shape = new RegExp(`^${url}(?:[\\s,;|]+${url}){0,${maxItems - 1}}$`);
  const maxLength = spec.maxLength ?? Infinity;
  return (value) => value.length <= maxLength && shape.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[$^.*+?()[\]{}|\\/-]/g, '\\$&');
}

function checkUrl(url: string, spec: UrlColumn, rules: UrlRules, ctx: CellContext): void {
  const dot = scanHttpUrl(url);
  if (dot === NOT_A_URL) {
    const suggestion = SCHEMELESS.test(url) ? `https://${url}` : null;
    ctx.report(rules.invalid, `"${url}" is not a full web address (it must start with https:// or http://).`, url, suggestion);
    return;
  }
  if (rules.tooLong && spec.maxLength && url.length > spec.maxLength) {
    ctx.report(rules.tooLong, `Has ${url.length} characters; at most ${spec.maxLength} are accepted.`, url);
  }
  const images = spec.imageExtensions;
  if (!images || !rules.extension || !rules.unknownExtension) return;
  if (dot !== NO_EXTENSION && endsWithOneOf(url, dot, images)) return;
  const ext = dot === NO_EXTENSION ? null : extensionAt(url, dot);
  if (ext === null) {
    ctx.report(rules.unknownExtension, `"${url}" does not end in ${images.map((e) => `.${e}`).join(', ')}.`, url);
  } else if (!images.includes(ext)) {
    ctx.report(rules.extension, `A .${ext} image is not accepted; use ${images.map((e) => e.toUpperCase()).join(' or ')}.`, url);
  }
}

// Fast path for the common case: the extension, as written, is one of the accepted ones.
function endsWithOneOf(url: string, dot: number, extensions: readonly string[]): boolean {
  for (const ext of extensions) if (url.length - ext.length === dot + 1 && url.endsWith(ext)) return true;
  return false;
}

const NOT_A_URL = -2;
const NO_EXTENSION = -1;

/**
 * One pass over `http(s)://host.tld[/path][?query][#fragment]` (this runs for every picture): NOT_A_URL when it
 * is not one, else the index of the dot before the path's file extension, or NO_EXTENSION.
 */
function scanHttpUrl(url: string): number {
  const len = url.length;
  let i = schemeLength(url);
  if (i === 0) return NOT_A_URL;
  const hostStart = i;
  // The host needs a dot with something on both sides: the first dot after its first character will do.
  let hostDot = -1;
  for (; i < len; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) break; // / ? #
    if (c <= 32 || (c >= 0x7f && isSpaceOrDelete(c))) return NOT_A_URL;
    if (c === 46 && hostDot < 0 && i > hostStart) hostDot = i;
  }
  if (hostDot < 0 || hostDot === i - 1) return NOT_A_URL;
  let dot = NO_EXTENSION;
  let inPath = i < len && url.charCodeAt(i) === 47;
  for (; i < len; i++) {
    const c = url.charCodeAt(i);
    if (c <= 32 || (c >= 0x7f && isSpaceOrDelete(c))) return NOT_A_URL;
    if (!inPath) continue;
    if (c === 63 || c === 35) inPath = false;
    else if (c === 47) dot = NO_EXTENSION;
    else if (c === 46) dot = i;
  }
  return dot;
}

/** True when the text is a full http(s) web address. */
export function isHttpUrl(url: string): boolean {
  return scanHttpUrl(url) !== NOT_A_URL;
}

// 7 for http://, 8 for https:// (any case), 0 otherwise.
function schemeLength(url: string): number {
  if (url.length < 8 || (url.charCodeAt(0) | 32) !== 104 || (url.charCodeAt(1) | 32) !== 116 || (url.charCodeAt(2) | 32) !== 116 || (url.charCodeAt(3) | 32) !== 112) {
    return 0;
  }
  const secure = (url.charCodeAt(4) | 32) === 115 ? 1 : 0;
  return url.startsWith('://', 4 + secure) ? 7 + secure : 0;
}

// What \s matches at or above 0x7F, plus DEL itself.
function isSpaceOrDelete(c: number): boolean {
  return c === 0x7f || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// The extension after the dot, lower-cased, up to the query or fragment; null when it does not look like one.
function extensionAt(url: string, dot: number): string | null {
  let end = dot + 1;
  while (end < url.length && url.charCodeAt(end) !== 63 && url.charCodeAt(end) !== 35) end++;
  const ext = url.slice(dot + 1, end).toLowerCase();
  return EXTENSION.test(ext) && (OTHER_IMAGE_EXTENSIONS.includes(ext) || ext.length <= 4) ? ext : null;
}
