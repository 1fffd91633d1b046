import { queueContract } from '../../../test/queue-contract.suite';
import { createQueueDriver } from '../../queue-driver';
import { InMemoryBroker } from './in-memory-broker';

queueContract('in-memory', async () =>
  createQueueDriver({ driver: 'memory', broker: new InMemoryBroker() }, (error) => {
    throw error;
  }),
);

describe('InMemoryBroker.shared', () => {
  it('is one broker per process, whichever bundle asks', () => {
    expect(InMemoryBroker.shared()).toBe(InMemoryBroker.shared());
  });
});
