import type { Readable } from 'node:stream';
import { InputNotCsvError } from '../csv-engine.api';
import { ByteDecoder } from './byte-decoder';
import { CONTENT_SNIFF_BYTES, notCsvMessage, recogniseNonCsv } from './content-sniffer';
import { CsvTokenizer, type TokenizerSink } from './csv-tokenizer';
import { type Dialect, sniffDialect } from './dialect-sniffer';

/** Receives the file as records; `afterBatch` is where the consumer flushes output and honours backpressure. */
export interface ReadHandler extends TokenizerSink {
  dialect(dialect: Dialect): void;
  /**
   * The text about to be tokenized: the records of this batch are made of `carried` (held back before) and `text`.
   * `utf8` is the text's own bytes when it was decoded from well-formed UTF-8 in one piece, else null.
   */
  beforeBatch?(text: string, carried: string, utf8: Uint8Array | null): void;
  afterBatch(bytesRead: number): Promise<void> | void;
}

/** Characters decoded before the dialect is sniffed (bounded look-ahead). */
export const SNIFF_CHARS = 64 * 1024;
/** Input is decoded, and text tokenized, in slices of at most this many bytes or characters. */
export const BATCH_CHARS = 64 * 1024;

export interface ReadResult {
  readonly decoder: ByteDecoder;
  readonly tokenizer: CsvTokenizer | null;
  readonly bytesRead: number;
}

/**
 * Streams `input` through decoding, dialect sniffing and tokenizing. Memory stays bounded: one input chunk,
 * one batch of text and one unfinished record. Rejects with InputNotCsvError, before the handler hears of
 * anything, when the first bytes show the input is not text; with the signal's reason when it aborts, even while
 * the input is stalled (it is destroyed).
 */
export async function readCsv(
  input: Readable,
  handler: ReadHandler,
  signal?: AbortSignal,
): Promise<ReadResult> {
  signal?.throwIfAborted();
  const reader = new CsvReader(handler, signal);
  const onAbort = (): void => void input.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      // A caller may hand over one huge chunk (a whole upload in memory): decode it a slice at a time.
      for (let from = 0; from < bytes.length; from += BATCH_CHARS) {
        const flushing = reader.write(
          bytes.length <= BATCH_CHARS ? bytes : bytes.subarray(from, from + BATCH_CHARS),
        );
        if (flushing) await flushing;
      }
    }
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return reader.end();
}

class CsvReader {
  private readonly decoder = new ByteDecoder();
  private tokenizer: CsvTokenizer | null = null;
  /** The first bytes, held until there are enough to tell whether the input is text at all; then null. */
  private head: Buffer[] | null = [];
  private headBytes = 0;
  /** Text decoded before the dialect is known. */
  private pending = '';
  private bytesRead = 0;

  constructor(
    private readonly handler: ReadHandler,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Decodes and tokenizes a chunk. Returns a promise only when the handler has output to wait for: a chunk is
   * usually read, checked and written without one (per chunk, promises and their async functions cost more than
   * the work between them, and the compiler spends long on them late in a file).
   */
  write(bytes: Buffer): Promise<void> | undefined {
    this.signal?.throwIfAborted();
    if (this.head) {
      this.head.push(bytes);
      this.headBytes += bytes.length;
      if (this.headBytes < CONTENT_SNIFF_BYTES) return undefined;
      bytes = this.takeHead();
    }
    this.bytesRead += bytes.length;
    const text = this.decoder.write(bytes);
    if (this.tokenizer) return this.feed(this.tokenizer, text, this.decoder.utf8Source);
    this.pending += text;
    if (this.pending.length >= SNIFF_CHARS) return this.feed(this.start(false), this.takePending());
    return undefined;
  }

  async end(): Promise<ReadResult> {
    this.signal?.throwIfAborted();
    if (this.head) {
      const head = this.takeHead();
      this.bytesRead += head.length;
      this.pending += this.decoder.write(head);
    }
    const rest = this.decoder.end();
    let tokenizer = this.tokenizer;
    if (tokenizer) {
      await this.feed(tokenizer, rest, this.decoder.utf8Source);
    } else {
      this.pending += rest;
      if (this.pending.length === 0)
        return { decoder: this.decoder, tokenizer: null, bytesRead: this.bytesRead };
      tokenizer = this.start(true);
      await this.feed(tokenizer, this.takePending());
    }
    tokenizer.finish();
    await this.handler.afterBatch(this.bytesRead);
    return { decoder: this.decoder, tokenizer, bytesRead: this.bytesRead };
  }

  // Decided once, on the first CONTENT_SNIFF_BYTES (or the whole of a shorter input), so chunking cannot change it.
  private takeHead(): Buffer {
    const head = this.head?.length === 1 ? this.head[0] : Buffer.concat(this.head ?? []);
    this.head = null;
    const content = recogniseNonCsv(head.subarray(0, CONTENT_SNIFF_BYTES));
    if (content) throw new InputNotCsvError(content.looksLike, notCsvMessage(content.looksLike));
    return head;
  }

  private start(complete: boolean): CsvTokenizer {
    const dialect = sniffDialect(this.pending, complete);
    this.handler.dialect(dialect);
    this.pending = this.pending.slice(dialect.skip);
    this.tokenizer = new CsvTokenizer(dialect.delimiter, dialect.lineBreak, this.handler);
    return this.tokenizer;
  }

  private takePending(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }

  private feed(
    tokenizer: CsvTokenizer,
    text: string,
    utf8: Uint8Array | null = null,
  ): Promise<void> | undefined {
    if (text.length === 0) return undefined;
    if (text.length <= BATCH_CHARS) return this.batch(tokenizer, text, utf8);
    return this.feedSlices(tokenizer, text);
  }

  private async feedSlices(tokenizer: CsvTokenizer, text: string): Promise<void> {
    for (let from = 0; from < text.length; from += BATCH_CHARS)
      await this.batch(tokenizer, text.slice(from, from + BATCH_CHARS), null);
  }

  private batch(tokenizer: CsvTokenizer, batch: string, utf8: Uint8Array | null): Promise<void> | undefined {
    this.signal?.throwIfAborted();
    this.handler.beforeBatch?.(batch, tokenizer.pending, utf8);
    tokenizer.push(batch);
    return this.handler.afterBatch(this.bytesRead) ?? undefined;
  }
}
