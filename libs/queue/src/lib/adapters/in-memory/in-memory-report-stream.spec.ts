import { reportStreamContract } from '../../../test/report-stream-contract.suite';
import { createQueueDriver } from '../../queue-driver';
import { InMemoryBroker } from './in-memory-broker';

reportStreamContract('in-memory', async (onError) =>
  createQueueDriver({ driver: 'memory', broker: new InMemoryBroker() }, onError),
);
