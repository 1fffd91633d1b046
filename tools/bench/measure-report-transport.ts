// CPU per worker report, in this process and in Redis, through the two transports libs/queue offers: a BullMQ
// queue (one job per report: add, then getNextJob + moveToCompleted, as `job-events` is used today) and a
// report stream (XADD in one MULTI per append, XREADGROUP batches of 500, XACK + XDEL per batch). Each runs
// the real adapters (createQueueDriver) against a Redis server of its own, started here on a free port
// without persistence, so that other clients of a shared Redis do not count. Not part of `npm run bench`.
//
//   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=tsconfig.base.json \
//     node -r ts-node/register -r tsconfig-paths/register tools/bench/measure-report-transport.ts [reports]
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import IORedis from 'ioredis';
import { JOB_EVENTS_QUEUE, JOB_REPORTS_STREAM, JobEventMessage } from '@validahub/job-contracts';
import { createQueueDriver, QueueDriver } from '@validahub/queue';

const REPORTS = Number(process.argv[2] ?? 10_000);
const PUBLISH_CONCURRENCY = 16;
const ROUNDS = 3;

interface Phase {
  readonly nodeUs: number;
  readonly redisUs: number;
  readonly ms: number;
}

function report(n: number): JobEventMessage {
  return {
    v: 1,
    eventId: randomUUID(),
    jobId: randomUUID(),
    attempt: 1,
    at: new Date().toISOString(),
    workerId: 'csv-worker-7d9f8c6b5-x2k4p-12',
    correlationId: randomUUID(),
    type: 'progress',
    progress: n % 100,
    message: `Processing row ${n * 100} of 1000000`,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const probe = new IORedis(port, '127.0.0.1', { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.ping();
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
  child.kill();
  throw new Error('redis-server did not start');
}

async function redisCpuUs(redis: IORedis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1e6;
}

async function measure(redis: IORedis, work: () => Promise<void>): Promise<Phase> {
  const redisBefore = await redisCpuUs(redis);
  const nodeBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const node = process.cpuUsage(nodeBefore);
  const redisUs = (await redisCpuUs(redis)) - redisBefore;
  return { nodeUs: node.user + node.system, redisUs, ms };
}

/** Runs `send` for every report, `concurrency` at a time. */
async function inParallel(
  count: number,
  concurrency: number,
  send: (n: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await send(next++);
    }),
  );
}

function counter(target: number): { count: () => void; done: Promise<void> } {
  let seen = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    count: () => {
      seen += 1;
      if (seen === target) finish();
    },
    done,
  };
}

type Scenario = (
  driver: QueueDriver,
  redis: IORedis,
  count: number,
) => Promise<{ publish: Phase; consume: Phase }>;

const bullmq: Scenario = async (driver, redis, count) => {
  const payloads = Array.from({ length: count }, (_, n) => report(n));
  const publish = await measure(redis, () =>
    inParallel(count, PUBLISH_CONCURRENCY, (n) =>
      // As the worker's reporter publishes each report today.
      driver.publisher.publish(JOB_EVENTS_QUEUE, payloads[n], {
        messageId: payloads[n].eventId,
        attempts: 1_000,
        backoffMs: 1_000,
      }),
    ),
  );
  const handled = counter(count);
  let consumption: { close(graceMs?: number): Promise<void> } | undefined;
  const consume = await measure(redis, async () => {
    // As the job-service consumes `job-events` today.
    consumption = driver.consumer.consume(
      [{ name: JOB_EVENTS_QUEUE, weight: 1 }],
      async () => handled.count(),
      {
        concurrency: 4,
        leaseMs: 10_000,
      },
    );
    await handled.done;
  });
  await consumption?.close(1_000);
  return { publish, consume };
};

function streams(appendSize: number): Scenario {
  return async (driver, redis, count) => {
    const payloads = Array.from({ length: count }, (_, n) => report(n));
    const publish = await measure(redis, () =>
      inParallel(Math.ceil(count / appendSize), appendSize === 1 ? PUBLISH_CONCURRENCY : 1, (n) =>
        driver.streamPublisher.append(
          JOB_REPORTS_STREAM,
          payloads.slice(n * appendSize, (n + 1) * appendSize).map((payload) => ({ payload })),
        ),
      ),
    );
    const handled = counter(count);
    let consumption: { close(graceMs?: number): Promise<void> } | undefined;
    const consume = await measure(redis, async () => {
      consumption = driver.streamConsumer.consume(
        JOB_REPORTS_STREAM,
        async (batch) => batch.forEach(() => handled.count()),
        { group: 'job-service', maxBatch: 500, leaseMs: 10_000, maxDeliveries: 1_000 },
      );
      await handled.done;
    });
    await consumption?.close(1_000);
    if ((await redis.xlen(`bench:stream:${JOB_REPORTS_STREAM}`)) !== 0)
      throw new Error('entries left behind');
    return { publish, consume };
  };
}

const per = (total: number) => (total / REPORTS).toFixed(1).padStart(7);

async function main(): Promise<void> {
  const port = await freePort();
  const server = await startRedis(port);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      server.kill();
      process.exit(1);
    });
  const redisUrl = `redis://127.0.0.1:${port}`;
  const redis = new IORedis(redisUrl);
  const scenarios: [string, Scenario][] = [
    ['bullmq: add / getNextJob + moveToCompleted', bullmq],
    ['stream: append 1 per call, batches of 500', streams(1)],
    ['stream: append 500 per call, batches of 500', streams(500)],
  ];
  try {
    // Warm-up: loads and compiles every code path before anything is measured.
    for (const [, scenario] of scenarios) {
      const driver = createQueueDriver({ driver: 'bullmq', redisUrl, prefix: 'bench' }, () => undefined);
      await scenario(driver, redis, 1_000);
      await driver.close();
      await redis.flushall();
    }
    console.log(
      `${REPORTS} reports, median of ${ROUNDS} rounds; CPU µs per report (publish + consume = total)`,
    );
    console.log(`${'transport'.padEnd(46)} ${'node'.padStart(23)} ${'redis'.padStart(23)}  wall ms`);
    for (const [label, scenario] of scenarios) {
      const rounds: { publish: Phase; consume: Phase }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const driver = createQueueDriver({ driver: 'bullmq', redisUrl, prefix: 'bench' }, (error) => {
          throw error;
        });
        rounds.push(await scenario(driver, redis, REPORTS));
        await driver.close();
        await redis.flushall();
      }
      const total = (r: { publish: Phase; consume: Phase }) => r.publish.redisUs + r.consume.redisUs;
      const { publish, consume } = rounds.sort((a, b) => total(a) - total(b))[Math.floor(ROUNDS / 2)];
      const cell = (a: number, b: number) => `${per(a)} +${per(b)} =${per(a + b)}`;
      console.log(
        `${label.padEnd(46)} ${cell(publish.nodeUs, consume.nodeUs)} ${cell(publish.redisUs, consume.redisUs)}  ` +
          `${publish.ms.toFixed(0)} + ${consume.ms.toFixed(0)}`,
      );
    }
  } finally {
    redis.disconnect();
    server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
