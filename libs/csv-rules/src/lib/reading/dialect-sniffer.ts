import { CsvTokenizer } from './csv-tokenizer';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const LINE_ENDINGS = ['CRLF', 'LF', 'CR', 'none'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

export interface Dialect {
  readonly delimiter: Delimiter;
  readonly lineEnding: LineEnding;
  /** The tokenizer's record separator (CRLF records are split on LF, the CR is dropped). */
  readonly lineBreak: '\n' | '\r';
  /** Characters to skip before the first record: an Excel `sep=;` line. */
  readonly skip: number;
  /** True when the delimiter came from a `sep=` line rather than from counting. */
  readonly declared: boolean;
}

// Records looked at when sniffing; enough to see past a title line or a header quoted as one cell.
const SNIFF_RECORDS = 50;
const SEP_DIRECTIVE = /^sep=([,;\t|])[ \t]*(\r\n|\n|\r|$)/i;

/**
 * Guesses the dialect from the first characters of the file. The delimiter is the candidate that splits the
 * sampled records into the same number of cells most consistently, and into more cells on a tie; quotes are
 * honoured, and ignored only when no candidate splits anything (every line quoted whole).
 */
export function sniffDialect(sample: string, complete: boolean): Dialect {
  const lineEnding = detectLineEnding(sample);
  const lineBreak = lineEnding === 'CR' ? '\r' : '\n';
  const directive = SEP_DIRECTIVE.exec(sample);
  if (directive) {
    return { delimiter: directive[1] as Delimiter, lineEnding, lineBreak, skip: directive[0].length, declared: true };
  }
  const scored = DELIMITERS.map((d) => ({ d, score: score(cellCounts(sample, d, lineBreak, complete)) }));
  let best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score === 0) {
    const lines = sample.split(lineBreak).slice(0, SNIFF_RECORDS);
    const raw = DELIMITERS.map((d) => ({ d, score: score(lines.map((l) => l.split(d).length)) }));
    best = raw.reduce((a, b) => (b.score > a.score ? b : a));
  }
  return { delimiter: best.score > 0 ? best.d : ',', lineEnding, lineBreak, skip: 0, declared: false };
}

function detectLineEnding(sample: string): LineEnding {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return lf === cr + 1 ? 'CRLF' : lf < 0 ? 'CR' : 'LF';
  return lf >= 0 ? 'LF' : 'none';
}

function cellCounts(sample: string, delimiter: string, lineBreak: '\n' | '\r', complete: boolean): number[] {
  const counts: number[] = [];
  const tokenizer = new CsvTokenizer(delimiter, lineBreak, {
    record: (cells) => {
      if (counts.length < SNIFF_RECORDS) counts.push(cells.length);
    },
    issue: () => undefined,
  });
  tokenizer.push(sample);
  if (complete) tokenizer.finish();
  return counts;
}

// Consistency first (share of records with the most common count), then width; 0 when nothing was split.
function score(counts: readonly number[]): number {
  const frequency = new Map<number, number>();
  for (const c of counts) frequency.set(c, (frequency.get(c) ?? 0) + 1);
  let mode = 0;
  let modeFrequency = 0;
  for (const [count, n] of frequency) {
    if (n > modeFrequency || (n === modeFrequency && count > mode)) {
      mode = count;
      modeFrequency = n;
    }
  }
  if (mode < 2) return 0;
  const consistency = modeFrequency / counts.length;
  return consistency * consistency * Math.log2(mode);
}
