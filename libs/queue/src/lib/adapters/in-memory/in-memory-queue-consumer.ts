import { Lease, LeaseSource, startConsumerLoop } from '../../consumer-loop';
import {
  Consumption,
  ConsumeOptions,
  MessageHandler,
  QueueConsumer,
  WeightedQueue,
} from '../../ports/queue-consumer.port';
import { InMemoryBroker } from './in-memory-broker';

const NEVER_LOST = new AbortController().signal;

class InMemoryLeaseSource implements LeaseSource {
  readonly system = 'in-memory';

  constructor(private readonly broker: InMemoryBroker) {}

  async take(queue: string): Promise<Lease | undefined> {
    // Yield first: a publisher's `await publish()` always resumes before any handler starts.
    await new Promise((resolve) => setImmediate(resolve));
    const message = this.broker.take(queue);
    if (!message) return undefined;
    const broker = this.broker;
    return {
      id: message.id,
      queue,
      payload: message.payload,
      delivery: message.failedDeliveries + 1,
      trace: message.trace,
      lost: NEVER_LOST,
      complete: async () => broker.complete(queue, message),
      fail: async () => broker.fail(queue, message),
      release: async () => broker.release(queue, message),
    };
  }

  waitForMessages(timeoutMs: number): Promise<void> {
    return this.broker.waitForMessages(timeoutMs);
  }

  async close(): Promise<void> {
    // Nothing to release: the broker outlives its consumers.
  }
}

export class InMemoryQueueConsumer extends QueueConsumer {
  constructor(
    private readonly broker: InMemoryBroker,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    super();
  }

  consume<T>(
    queues: readonly WeightedQueue[],
    handler: MessageHandler<T>,
    options: ConsumeOptions,
  ): Consumption {
    return startConsumerLoop(new InMemoryLeaseSource(this.broker), queues, handler, {
      ...options,
      idlePollMs: 1_000,
      onError: this.onError,
    });
  }
}
