import { queueContract } from '../../../test/queue-contract.suite';
import { InMemoryBroker } from './in-memory-broker';
import { InMemoryCancellationRegistry } from './in-memory-cancellation-registry';
import { InMemoryQueueConsumer } from './in-memory-queue-consumer';
import { InMemoryQueueInspector } from './in-memory-queue-inspector';
import { InMemoryQueuePublisher } from './in-memory-queue-publisher';

queueContract('in-memory', async () => {
  const broker = new InMemoryBroker();
  return {
    publisher: new InMemoryQueuePublisher(broker),
    consumer: new InMemoryQueueConsumer(broker, (error) => {
      throw error;
    }),
    inspector: new InMemoryQueueInspector(broker),
    cancellation: new InMemoryCancellationRegistry(broker),
    dispose: async () => undefined,
  };
});

describe('InMemoryBroker.shared', () => {
  it('is one broker per process, whichever bundle asks', () => {
    expect(InMemoryBroker.shared()).toBe(InMemoryBroker.shared());
  });
});
