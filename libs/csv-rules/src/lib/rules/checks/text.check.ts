import type { CellContext } from '../cell-context';
import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { TextColumn } from '../column-spec';
import { htmlToText, looksLikeHtml } from '../html-to-text';
import { rule } from '../rule-definition';

/** Free text: a length limit (counted in characters as a person counts them) and, optionally, no HTML. */
export const textColumn: KindCompiler<TextColumn> = (spec, env) => {
  const max = spec.maxLength;
  const tooLong =
    max === undefined
      ? null
      : rule(
          columnRuleCode(env, spec, 'too_long'),
          'error',
          `At most ${max} characters.${spec.suggestShortening ? ' A shortened value is suggested, never applied.' : ''}`,
        );
  const html = spec.plainText
    ? rule(columnRuleCode(env, spec, 'html'), 'error', 'Plain text only: HTML is converted to text.', true)
    : null;
  return {
    rules: [tooLong, html].filter((r) => r !== null),
    // Most values can have neither problem: short enough, no < or &. The rest is examined by `irregular`.
    check: (value, ctx) => {
      const mayBeHtml = html !== null && (value.includes('<') || value.includes('&'));
      if (!mayBeHtml && (max === undefined || value.length <= max)) return value;
      return irregular(value, ctx);
    },
  };

  function irregular(value: string, ctx: CellContext): string {
    let out = value;
    if (html && looksLikeHtml(out)) {
      const text = htmlToText(out);
      ctx.fix(html, `${env.marketplace} shows this as plain text; HTML tags and entities must not be used.`, out, text);
      out = text;
    }
    if (tooLong && max !== undefined && out.length > max) {
      const length = characterCount(out);
      if (length > max) {
        ctx.report(
          tooLong,
          `Has ${length} characters; ${env.marketplace} accepts at most ${max}.`,
          out,
          spec.suggestShortening ? shorten(out, max) : null,
        );
      }
    }
    return out;
  }
};

// Without surrogates (almost every text) characters and UTF-16 code units are the same: no need to iterate.
const SURROGATE = /[\ud800-\udfff]/;

function characterCount(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// Cut at the last word boundary that fits, so the suggestion never ends mid-word.
function shorten(text: string, max: number): string {
  if (!SURROGATE.test(text)) {
    const head = text.slice(0, max + 1);
    const cut = head.lastIndexOf(' ', max);
    return head.slice(0, cut > max / 2 ? cut : max).trim();
  }
  const chars = Array.from(text).slice(0, max + 1);
  const cut = chars.lastIndexOf(' ', max);
  return chars
    .slice(0, cut > max / 2 ? cut : max)
    .join('')
    .trim();
}
