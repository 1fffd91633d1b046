import IORedis from 'ioredis';
import {
  waitFor,
  deleteRedisKeys,
  TcpProxy,
  testInfrastructure,
  uniqueRedisPrefix,
} from '@validahub/testing';
import { reportStreamContract } from '../../../test/report-stream-contract.suite';
import { DeadLetter, StreamEntry } from '../../ports/report-stream.port';
import { createQueueDriver, QueueDriver } from '../../queue-driver';

reportStreamContract('redis streams on real Redis', async (onError) => {
  const { redisUrl } = testInfrastructure();
  const prefix = uniqueRedisPrefix('streams');
  const driver = createQueueDriver({ driver: 'bullmq', redisUrl, prefix }, onError);
  return {
    ...driver,
    close: async () => {
      await driver.close();
      await deleteRedisKeys(redisUrl, `${prefix}*`);
    },
  };
});

describe('redis streams: what only a real Redis shows', () => {
  const { redisUrl } = testInfrastructure();
  const options = { group: 'appliers', maxBatch: 100, leaseMs: 1_000, maxDeliveries: 5, retryBackoffMs: 50 };
  let prefix: string;
  let redis: IORedis;
  let driver: QueueDriver;
  let errors: unknown[];
  const closers: (() => Promise<void>)[] = [];

  beforeEach(() => {
    prefix = uniqueRedisPrefix('streams-redis');
    redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
    errors = [];
    driver = createQueueDriver({ driver: 'bullmq', redisUrl, prefix }, (error) => errors.push(error));
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await driver.close();
    await deleteRedisKeys(redisUrl, `${prefix}*`);
    redis.disconnect();
  });

  const key = () => `${prefix}:stream:reports`;

  function collect<T>(target: QueueDriver = driver, overrides: Partial<typeof options> = {}) {
    const seen: StreamEntry<T>[] = [];
    const consumption = target.streamConsumer.consume<T>(
      'reports',
      async (batch) => void seen.push(...batch),
      { ...options, ...overrides },
    );
    closers.push(() => consumption.close(1_000));
    return { seen, consumption };
  }

  it('keeps entries under the driver’s prefix and leaves no consumer name behind after close', async () => {
    await driver.streamPublisher.append('reports', [{ payload: { n: 1 } }]);
    expect(await redis.xlen(key())).toBe(1);
    const { seen, consumption } = collect();
    await waitFor(
      () => seen.length,
      (n) => n === 1,
    );
    await waitFor(
      () => redis.xlen(key()),
      (n) => n === 0,
    );
    await consumption.close(1_000);
    expect(await redis.xinfo('CONSUMERS', key(), 'appliers')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('dead-letters an entry it cannot decode, and goes on', async () => {
    const deadLetters: DeadLetter[] = [];
    await redis.xadd(key(), '*', 'p', '{not json');
    await driver.streamPublisher.append('reports', [{ payload: { n: 1 } }]);
    const seen: StreamEntry<unknown>[] = [];
    const consumption = driver.streamConsumer.consume('reports', async (batch) => void seen.push(...batch), {
      ...options,
      onDeadLetter: (deadLetter) => deadLetters.push(deadLetter),
    });
    closers.push(() => consumption.close(1_000));
    await waitFor(
      () => seen.length,
      (n) => n === 1,
    );
    expect(seen[0].payload).toEqual({ n: 1 });
    expect(deadLetters).toEqual([
      expect.objectContaining({ payload: '{not json', reason: 'undecodable', deliveries: 1 }),
    ]);
    await waitFor(
      () => redis.xlen(key()),
      (n) => n === 0,
    );
  });

  it('makes the stream and its group again when Redis loses them', async () => {
    const { seen } = collect<{ n: number }>();
    await driver.streamPublisher.append('reports', [{ payload: { n: 1 } }]);
    await waitFor(
      () => seen.length,
      (n) => n === 1,
    );
    // What a Redis restarted without its data looks like to a consumer.
    await redis.del(key());
    await driver.streamPublisher.append('reports', [{ payload: { n: 2 } }]);
    await waitFor(
      () => seen.length,
      (n) => n === 2,
      { what: 'the entry appended after the loss' },
    );
    expect(seen[1].payload).toEqual({ n: 2 });
    // One report of it: whether the read was blocked (UNBLOCKED) or not (NOGROUP) when the key went.
    expect(errors.map((e) => String((e as Error).message))).toEqual([
      expect.stringMatching(/^(NOGROUP|UNBLOCKED)/),
    ]);
  });

  it('does not take back, when closing, what another consumer claimed after its lease ran out', async () => {
    const hang = (seen: StreamEntry<unknown>[]) => async (batch: readonly StreamEntry<unknown>[]) => {
      seen.push(...batch);
      await new Promise(() => undefined);
    };
    const late: StreamEntry<unknown>[] = [];
    const slow = driver.streamConsumer.consume('reports', hang(late), options);
    closers.push(() => slow.close(100));
    await driver.streamPublisher.append('reports', [{ payload: { n: 1 } }, { payload: { n: 2 } }]);
    await waitFor(
      () => late.length,
      (n) => n === 2,
    );
    const rescuer: StreamEntry<unknown>[] = [];
    const taking = driver.streamConsumer.consume('reports', hang(rescuer), options);
    closers.push(() => taking.close(100));
    await waitFor(
      () => rescuer.length,
      (n) => n === 2,
      { what: 'the entries claimed after the lease' },
    );
    // Past its grace, the slow one hands back its batch: only what it still holds, which is nothing.
    await slow.close(100);
    const consumers = (await redis.xinfo('CONSUMERS', key(), 'appliers')) as unknown[][];
    expect(consumers.map((fields) => fields[fields.indexOf('pending') + 1])).toEqual([2]);
  });

  describe('while Redis is unreachable', () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(redisUrl).port || 6379));

    afterEach(() => proxy.stop());

    // A job-service stopping during a Redis outage must still stop: without a bound, the blocked read, the
    // acknowledgement and QUIT would wait for a reconnection forever, and this would time out.
    it('still closes a consumer that is reading and one that holds a batch', async () => {
      await proxy.start();
      const cut = createQueueDriver(
        { driver: 'bullmq', redisUrl: proxy.rewrite(redisUrl), prefix },
        () => undefined,
      );
      closers.push(() => cut.close());
      const idle = cut.streamConsumer.consume('idle', async () => undefined, options);
      let holding = false;
      const busy = cut.streamConsumer.consume(
        'reports',
        async () => {
          holding = true;
          await new Promise(() => undefined);
        },
        options,
      );
      await cut.streamPublisher.append('reports', [{ payload: { n: 1 } }]);
      await waitFor(
        () => holding,
        (h) => h,
      );
      await proxy.stop();
      await Promise.all([idle.close(500), busy.close(500)]);
      await cut.close();
    });

    it('gives what a consumer held when its connection died to another after the lease', async () => {
      await proxy.start();
      const cut = createQueueDriver(
        { driver: 'bullmq', redisUrl: proxy.rewrite(redisUrl), prefix },
        () => undefined,
      );
      closers.push(() => cut.close());
      const held: StreamEntry<unknown>[] = [];
      const doomed = cut.streamConsumer.consume(
        'reports',
        async (batch) => {
          held.push(...batch);
          await new Promise(() => undefined);
        },
        options,
      );
      closers.push(() => doomed.close(100));
      await driver.streamPublisher.append('reports', [{ payload: { n: 1 } }, { payload: { n: 2 } }]);
      await waitFor(
        () => held.length,
        (n) => n === 2,
      );
      await proxy.stop();
      const { seen } = collect();
      await waitFor(
        () => seen.length,
        (n) => n === 2,
        { what: 'the dead consumer’s entries' },
      );
      expect(seen.map((e) => [e.id, e.deliveries])).toEqual(held.map((e) => [e.id, 2]));
      await waitFor(
        () => redis.xlen(key()),
        (n) => n === 0,
      );
      expect(errors).toEqual([]);
    });
  });
});
