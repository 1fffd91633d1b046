import { deleteRedisKeys, testInfrastructure, uniqueRedisPrefix } from '@validahub/testing';
import { queueContract } from '../../../test/queue-contract.suite';
import { BullMqConnection } from './bullmq-connection';
import { BullMqQueueConsumer } from './bullmq-queue-consumer';
import { BullMqQueueInspector } from './bullmq-queue-inspector';
import { BullMqQueuePublisher } from './bullmq-queue-publisher';
import { RedisCancellationRegistry } from './redis-cancellation-registry';

queueContract('bullmq on real Redis', async () => {
  const { redisUrl } = testInfrastructure();
  const prefix = uniqueRedisPrefix('contract');
  const connection = new BullMqConnection({ redisUrl, prefix });
  const errors: unknown[] = [];
  return {
    publisher: new BullMqQueuePublisher(connection),
    consumer: new BullMqQueueConsumer(connection, { lockDurationMs: 5_000, idlePollMs: 50 }, (error) =>
      errors.push(error),
    ),
    inspector: new BullMqQueueInspector(connection),
    cancellation: new RedisCancellationRegistry(connection),
    dispose: async () => {
      await connection.close();
      await deleteRedisKeys(redisUrl, `${prefix}*`);
      expect(errors).toEqual([]);
    },
  };
});
