import { deleteRedisKeys, testInfrastructure, uniqueRedisPrefix } from '@validahub/testing';
import { queueContract } from '../../../test/queue-contract.suite';
import { createQueueDriver } from '../../queue-driver';

queueContract('bullmq on real Redis', async () => {
  const { redisUrl } = testInfrastructure();
  const prefix = uniqueRedisPrefix('contract');
  const errors: unknown[] = [];
  const driver = createQueueDriver(
    { driver: 'bullmq', redisUrl, prefix, lockDurationMs: 5_000, idlePollMs: 50 },
    (error) => errors.push(error),
  );
  return {
    ...driver,
    close: async () => {
      await driver.close();
      await deleteRedisKeys(redisUrl, `${prefix}*`);
      expect(errors).toEqual([]);
    },
  };
});
