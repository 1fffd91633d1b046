import type { Readable } from 'node:stream';
import { ByteDecoder } from './byte-decoder';
import { CsvTokenizer, type TokenizerSink } from './csv-tokenizer';
import { type Dialect, sniffDialect } from './dialect-sniffer';

/** Receives the file as records; `afterBatch` is where the consumer flushes output and honours backpressure. */
export interface ReadHandler extends TokenizerSink {
  dialect(dialect: Dialect, decoder: ByteDecoder): void;
  /** The text about to be tokenized: the records of this batch are made of `carried` (held back before) and `text`. */
  beforeBatch?(text: string, carried: string): void;
  afterBatch(bytesRead: number): Promise<void> | void;
}

/** Characters decoded before the dialect is sniffed (bounded look-ahead). */
export const SNIFF_CHARS = 64 * 1024;
/** Records are tokenized in slices of at most this many characters, so no single step holds a huge chunk. */
export const BATCH_CHARS = 64 * 1024;

export interface ReadResult {
  readonly decoder: ByteDecoder;
  readonly tokenizer: CsvTokenizer | null;
  readonly bytesRead: number;
}

/**
 * Streams `input` through decoding, dialect sniffing and tokenizing. Memory stays bounded: one input chunk,
 * one batch of text and one unfinished record. Rejects with the signal's reason when it aborts.
 */
export async function readCsv(input: Readable, handler: ReadHandler, signal?: AbortSignal): Promise<ReadResult> {
  const decoder = new ByteDecoder();
  let tokenizer: CsvTokenizer | null = null;
  let pending = '';
  let bytesRead = 0;

  const start = (complete: boolean): CsvTokenizer => {
    const dialect = sniffDialect(pending, complete);
    handler.dialect(dialect, decoder);
    pending = pending.slice(dialect.skip);
    return new CsvTokenizer(dialect.delimiter, dialect.lineBreak, handler);
  };
  const feed = async (t: CsvTokenizer, text: string): Promise<void> => {
    for (let from = 0; from < text.length; from += BATCH_CHARS) {
      signal?.throwIfAborted();
      const batch = text.length <= BATCH_CHARS ? text : text.slice(from, from + BATCH_CHARS);
      handler.beforeBatch?.(batch, t.pending);
      t.push(batch);
      await handler.afterBatch(bytesRead);
    }
  };

  signal?.throwIfAborted();
  for await (const chunk of input) {
    signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytesRead += bytes.length;
    const text = decoder.write(bytes);
    if (tokenizer) {
      await feed(tokenizer, text);
      continue;
    }
    pending += text;
    if (pending.length >= SNIFF_CHARS) {
      tokenizer = start(false);
      const sample = pending;
      pending = '';
      await feed(tokenizer, sample);
    }
  }
  signal?.throwIfAborted();
  const rest = decoder.end();
  if (!tokenizer) {
    pending += rest;
    if (pending.length === 0) return { decoder, tokenizer: null, bytesRead };
    tokenizer = start(true);
    await feed(tokenizer, pending);
  } else {
    await feed(tokenizer, rest);
  }
  tokenizer.finish();
  await handler.afterBatch(bytesRead);
  return { decoder, tokenizer, bytesRead };
}
