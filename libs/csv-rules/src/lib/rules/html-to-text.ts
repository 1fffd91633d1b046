const HTML_HINT = /<\/?[a-zA-Z][^<>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/;
const DROPPED_BLOCKS = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const LINE_BREAKS = /<br\s*\/?>|<\/(?:p|div|li|h[1-6]|tr|ul|ol|table)\s*>/gi;
const LIST_ITEMS = /<li\b[^>]*>/gi;
const TAGS = /<\/?[a-zA-Z][^<>]*>|<!--[\s\S]*?-->/g;
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));/g;
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', agrave: 'à', acirc: 'â', ecirc: 'ê',
  ocirc: 'ô', atilde: 'ã', otilde: 'õ', ccedil: 'ç', Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó',
  Uacute: 'Ú', Agrave: 'À', Acirc: 'Â', Ecirc: 'Ê', Ocirc: 'Ô', Atilde: 'Ã', Otilde: 'Õ', Ccedil: 'Ç',
  uuml: 'ü', ntilde: 'ñ', Ntilde: 'Ñ', deg: '°', reg: '®', copy: '©', trade: '™', ordm: 'º', ordf: 'ª',
};

/** True when the text contains tags or character entities. */
export function looksLikeHtml(text: string): boolean {
  return (text.includes('<') || text.includes('&')) && HTML_HINT.test(text);
}

/** Converts HTML to the plain text a seller meant: block ends become line breaks, list items dashes. */
export function htmlToText(html: string): string {
  return html
    .replace(DROPPED_BLOCKS, '')
    .replace(LINE_BREAKS, '\n')
    .replace(LIST_ITEMS, '- ')
    .replace(TAGS, '')
    .replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : -1;
      if (code >= 0) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return NAMED[name ?? ''] ?? whole;
    })
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
