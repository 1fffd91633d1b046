import { randomUUID } from 'node:crypto';
import { BatchSource, startBatchConsumerLoop, TakenEntry } from '../../batch-consumer-loop';
import { Consumption } from '../../ports/queue-consumer.port';
import { BatchConsumeOptions, BatchHandler, ReportStreamConsumer } from '../../ports/report-stream.port';
import { InMemoryStreams } from './in-memory-streams';

// With nothing pending, how long a wait lasts before the loop looks again (an append wakes it sooner).
const IDLE_WAIT_MS = 60_000;

class InMemoryBatchSource implements BatchSource {
  readonly system = 'in-memory';
  private readonly consumer = randomUUID();
  private interrupted = false;
  private wakeWaiting: () => void = () => undefined;

  constructor(
    private readonly streams: InMemoryStreams,
    private readonly stream: string,
    private readonly options: BatchConsumeOptions,
  ) {
    streams.ensureGroup(stream, options.group);
  }

  async take(): Promise<TakenEntry[]> {
    const { group, maxBatch, leaseMs } = this.options;
    while (!this.interrupted) {
      // Yield first: an appender's `await append()` always resumes before any handler starts.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.streams.take(this.stream, group, this.consumer, maxBatch, leaseMs);
      if (batch.length > 0) return batch;
      const dueAt = this.streams.nextDueAt(this.stream, group);
      const waiting = this.streams.waitForEntries(
        this.stream,
        dueAt === undefined ? IDLE_WAIT_MS : dueAt - Date.now(),
      );
      this.wakeWaiting = waiting.wake;
      await waiting.done;
    }
    return [];
  }

  async settle(done: readonly string[], handBack: readonly string[], delayMs: number): Promise<void> {
    this.streams.settle(this.stream, this.options.group, this.consumer, done, handBack, delayMs);
  }

  interrupt(): void {
    this.interrupted = true;
    this.wakeWaiting();
  }

  async close(): Promise<void> {
    // Nothing to release: the streams outlive their consumers. What this consumer still holds falls due
    // for the others when its lease ends, like a consumer that died.
  }
}

/**
 * The in-memory stream has the Redis adapter's semantics, leases included: entries held by a handler that
 * never settles go to another consumer of the group after `leaseMs` (and to nobody while it is the only one).
 */
export class InMemoryReportStreamConsumer extends ReportStreamConsumer {
  constructor(
    private readonly streams: InMemoryStreams,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    super();
  }

  consume<T>(stream: string, handler: BatchHandler<T>, options: BatchConsumeOptions): Consumption {
    return startBatchConsumerLoop(() => new InMemoryBatchSource(this.streams, stream, options), handler, {
      ...options,
      stream,
      onError: this.onError,
    });
  }
}
