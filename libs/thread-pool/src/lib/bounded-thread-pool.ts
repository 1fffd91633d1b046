import Piscina from 'piscina';
import { ThreadEntry } from './thread-entry';

/** Every thread is busy and the waiting line is full: the caller should come back later. */
export class ThreadPoolFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('every thread is busy and the waiting line is full');
    this.name = 'ThreadPoolFullError';
  }
}

/** The task ran past its time limit; its thread was terminated. */
export class ThreadTimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`the task ran longer than ${limitMs} ms and was stopped`);
    this.name = 'ThreadTimeLimitError';
  }
}

export interface BoundedThreadPoolOptions {
  readonly threads: number;
  /** Tasks that may wait for a thread; one more is refused at once (ThreadPoolFullError). */
  readonly queue: number;
  readonly timeLimitMs: number;
  readonly memoryMb: number;
  /** What a refused caller is told to wait (Retry-After). */
  readonly retryAfterSeconds: number;
}

/**
 * CPU work off the event loop, with every resource bounded: threads, the waiting line, the time of one task
 * (its thread is terminated past it) and the heap of each thread. What a request handler needs so that no
 * request, however hostile, can stall the process or grow its memory without limit.
 */
export class BoundedThreadPool<I, O> {
  private readonly pool: Piscina;

  constructor(
    entry: ThreadEntry,
    private readonly options: BoundedThreadPoolOptions,
  ) {
    this.pool = new Piscina({
      ...entry,
      minThreads: 0,
      maxThreads: options.threads,
      maxQueue: options.queue,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
  }

  async run(input: I): Promise<O> {
    if (this.pool.queueSize >= this.options.queue)
      throw new ThreadPoolFullError(this.options.retryAfterSeconds);
    const timeLimit = AbortSignal.timeout(this.options.timeLimitMs);
    try {
      return (await this.pool.run(input, { signal: timeLimit })) as O;
    } catch (error) {
      if (timeLimit.aborted) throw new ThreadTimeLimitError(this.options.timeLimitMs);
      throw error;
    }
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
