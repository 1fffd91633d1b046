import type { Writable } from 'node:stream';

/**
 * Writes to a caller's stream honouring backpressure: after a refused write it waits for 'drain' (or fails
 * on 'error'/'close', or on abort with the signal's reason). It never ends the stream; the caller does.
 */
export class SinkWriter {
  private failure: unknown = null;
  private readonly onError = (error: unknown): void => {
    this.failure ??= error;
  };

  constructor(
    private readonly stream: Writable,
    private readonly signal?: AbortSignal,
  ) {
    stream.on('error', this.onError);
  }

  /**
   * Writes `text`. Returns a promise only when there is something to wait for (the stream refused more, or has
   * failed): the engine writes after every batch, and its read loop then goes on without a promise per batch.
   */
  write(text: string): Promise<void> | undefined {
    if (this.failure === null && text.length > 0 && !this.stream.write(text)) return this.drain().then(() => this.throwIfFailed());
    return this.failure === null ? undefined : Promise.reject(this.failure);
  }

  /** Stops listening to the stream (the caller owns it again). */
  release(): void {
    this.stream.off('error', this.onError);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private drain(): Promise<void> {
    const { stream, signal } = this;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: unknown): void => {
        stream.off('drain', onDrain);
        stream.off('error', onFail);
        stream.off('close', onClose);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = (): void => done();
      const onFail = (error: unknown): void => done(error);
      const onClose = (): void => done(new Error('The output stream closed before the engine finished writing.'));
      const onAbort = (): void => done(signal?.reason);
      stream.on('drain', onDrain);
      stream.on('error', onFail);
      stream.on('close', onClose);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }
}
