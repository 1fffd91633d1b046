import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job, MinimalJob, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Lease, LeaseSource, startConsumerLoop } from '../../consumer-loop';
import {
  Consumption,
  ConsumeOptions,
  MessageHandler,
  QueueConsumer,
  WeightedQueue,
} from '../../ports/queue-consumer.port';
import { redeliveryDelayMs } from '../../redelivery-backoff';
import { BullMqConnection } from './bullmq-connection';
import { closeRedis } from './close-redis';
import { CAPPED_EXPONENTIAL } from './bullmq-queue-publisher';

export interface BullMqConsumerSettings {
  /** How long a taken message stays ours without renewal (BullMQ's lock; renewed at half of it). */
  readonly lockDurationMs: number;
  /** Pause between polls when every queue was empty. */
  readonly idlePollMs: number;
}

function backoffDelay(job: MinimalJob | undefined): number | undefined {
  const backoff = job?.opts.backoff;
  return typeof backoff === 'object' ? backoff.delay : undefined;
}

/** The trace context the publisher stored with the message; garbage counts as none. */
function traceOf(job: Job): Record<string, string> | undefined {
  const metadata = job.opts.telemetry?.metadata;
  if (!metadata) return undefined;
  try {
    const carrier: unknown = JSON.parse(metadata);
    return typeof carrier === 'object' && carrier !== null ? (carrier as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export class LeaseLostError extends Error {
  constructor(id: string) {
    super(`lost the lock on message ${id}; another consumer may run it`);
    this.name = 'LeaseLostError';
  }
}

/**
 * BullMQ workers used in manual mode (`getNextJob`): one Worker per queue, but the shared loop decides which
 * queue to take from next, which BullMQ's automatic workers cannot do across queues.
 */
class BullMqLeaseSource implements LeaseSource {
  readonly system = 'bullmq';
  private readonly redis: IORedis;
  private readonly workers = new Map<string, Worker>();
  private markClosed: () => void = () => undefined;
  private readonly closed = new Promise<undefined>((resolve) => (this.markClosed = () => resolve(undefined)));

  constructor(
    connection: BullMqConnection,
    queues: readonly string[],
    private readonly settings: BullMqConsumerSettings,
    onError: (error: unknown, context: string) => void,
  ) {
    this.redis = new IORedis(connection.settings.redisUrl, connection.consumerRedisOptions());
    for (const name of queues) {
      const worker = new Worker(name, null, {
        connection: this.redis,
        prefix: connection.settings.prefix,
        autorun: false,
        lockDuration: settings.lockDurationMs,
        // Checked twice per lock period: a dead worker's message waits at most 1.5 lock durations.
        stalledInterval: settings.lockDurationMs / 2,
        maxStalledCount: 3,
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob) =>
            type === CAPPED_EXPONENTIAL ? redeliveryDelayMs(attemptsMade, backoffDelay(job)) : 0,
        },
      });
      worker.on('error', (error) => onError(error, `worker ${name}`));
      // Manual mode does not run BullMQ's stalled-job check by itself; it is what recovers messages whose
      // consumer died (their lock expired without renewal).
      void worker.startStalledCheckTimer().catch((error) => onError(error, `stalled check ${name}`));
      this.workers.set(name, worker);
    }
  }

  async take(queue: string): Promise<Lease | undefined> {
    const worker = this.workers.get(queue);
    if (!worker) throw new Error(`not consuming ${queue}`);
    const token = randomUUID();
    // With Redis unreachable the fetch may never settle, and closing must not wait for it; a message it takes
    // after that is held by nobody and comes back when its lock expires.
    const job = (await Promise.race([worker.getNextJob(token, { block: false }), this.closed])) as
      Job | undefined;
    if (!job?.id) return undefined;
    const id = job.id;
    const lost = new AbortController();
    const { lockDurationMs } = this.settings;
    const renew = setInterval(() => {
      job.extendLock(token, lockDurationMs).then(
        (ok) => (ok ? undefined : lost.abort(new LeaseLostError(id))),
        // A Redis hiccup: keep trying until the lock would have expired anyway.
        () => undefined,
      );
    }, lockDurationMs / 2);
    renew.unref();
    const settle = async (action: () => Promise<unknown>) => {
      clearInterval(renew);
      await action();
    };
    return {
      id,
      queue,
      payload: job.data,
      // A message whose consumer died (its lock expired) counts as redelivered too: BullMQ counts those apart.
      delivery: job.attemptsMade + (job.stalledCounter ?? 0) + 1,
      trace: traceOf(job),
      lost: lost.signal,
      complete: () => settle(() => job.moveToCompleted(null, token, false)),
      fail: (error) => settle(() => job.moveToFailed(error, token, false)),
      release: () => settle(() => job.moveToWait(token)),
    };
  }

  async waitForMessages(timeoutMs: number): Promise<void> {
    // Unref'd: an idle consumer must not keep the process alive on its own.
    await sleep(timeoutMs, undefined, { ref: false });
  }

  async close(): Promise<void> {
    this.markClosed();
    await closeRedis(this.redis, () => Promise.all([...this.workers.values()].map((w) => w.close())));
  }
}

export class BullMqQueueConsumer extends QueueConsumer {
  constructor(
    private readonly connection: BullMqConnection,
    private readonly settings: BullMqConsumerSettings,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    super();
  }

  consume<T>(
    queues: readonly WeightedQueue[],
    handler: MessageHandler<T>,
    options: ConsumeOptions,
  ): Consumption {
    const settings = { ...this.settings, lockDurationMs: options.leaseMs ?? this.settings.lockDurationMs };
    const source = new BullMqLeaseSource(
      this.connection,
      queues.map((q) => q.name),
      settings,
      this.onError,
    );
    return startConsumerLoop(source, queues, handler, {
      ...options,
      idlePollMs: this.settings.idlePollMs,
      onError: this.onError,
    });
  }
}
