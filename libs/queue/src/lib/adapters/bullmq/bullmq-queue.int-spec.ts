import { deleteRedisKeys, TcpProxy, testInfrastructure, uniqueRedisPrefix } from '@validahub/testing';
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

describe('bullmq while Redis is unreachable', () => {
  const { redisUrl } = testInfrastructure();
  const prefix = uniqueRedisPrefix('outage');
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(redisUrl).port || 6379));

  afterAll(async () => {
    await proxy.stop();
    await deleteRedisKeys(redisUrl, `${prefix}*`);
  });

  // A service stopping during a Redis outage must still stop (a rolling restart, a node drain): without a
  // bound, a consumer waiting to fetch and QUIT waiting for a reconnection never return, and this times out.
  it('still closes: the consumer, the notification channel and the driver', async () => {
    await proxy.start();
    const driver = createQueueDriver(
      { driver: 'bullmq', redisUrl: proxy.rewrite(redisUrl), prefix, lockDurationMs: 5_000, idlePollMs: 50 },
      () => undefined,
    );
    await driver.inspector.ping();
    const unsubscribe = await driver.notifications.subscribe('topic', () => undefined);
    const consumption = driver.consumer.consume([{ name: 'q', weight: 1 }], async () => undefined, {
      concurrency: 2,
    });
    await proxy.stop();
    await expect(driver.inspector.ping()).rejects.toThrow();
    await unsubscribe();
    await consumption.close(500);
    await driver.close();
  });
});
