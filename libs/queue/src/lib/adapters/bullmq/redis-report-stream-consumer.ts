import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import IORedis from 'ioredis';
import { withTimeout } from '@validahub/promises';
import { BatchSource, startBatchConsumerLoop, TakenEntry } from '../../batch-consumer-loop';
import { Consumption } from '../../ports/queue-consumer.port';
import { BatchConsumeOptions, BatchHandler, ReportStreamConsumer } from '../../ports/report-stream.port';
import { BullMqConnection } from './bullmq-connection';
import { CLOSE_LIMIT_MS, closeRedis } from './close-redis';
import { assertExecuted, decodeEntry, streamKey } from './redis-stream-entries';

// How often a consumer looks for entries whose lease ran out (XPENDING IDLE), at most: a dead consumer's
// entries move within a lease plus this. Also the longest a read blocks, so the look happens on time.
const MAX_RECLAIM_INTERVAL_MS = 5_000;
const MIN_WAIT_MS = 10;
// A consumer that has not read for this long and holds nothing is gone (it crashed): its name is dropped.
const STALE_CONSUMER_MS = 3_600_000;

type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];
type RawEntry = [id: string, fields: string[]];

/** The stream or its group is gone (Redis restarted empty, the key was deleted), under a read or not. */
function isGone(error: unknown): boolean {
  return /^(NOGROUP|UNBLOCKED)/.test(String((error as { message?: unknown } | undefined)?.message));
}

/**
 * One consumer of a consumer group, on a connection of its own (XREADGROUP BLOCK holds it). New entries come
 * from a blocking read, so an append wakes it at once; entries whose lease ran out (a consumer died, or
 * they were handed back and their backoff is over) are claimed first, with XPENDING IDLE (which gives the
 * delivery counts XAUTOCLAIM does not) and XCLAIM (which checks the idle time again, atomically).
 *
 * Handing back re-stamps entries still held by this consumer (XCLAIM … IDLE lease − backoff JUSTID, not
 * counted as a delivery), so any consumer's next claim takes them once the backoff is over.
 */
class RedisBatchSource implements BatchSource {
  readonly system = 'redis';
  private readonly redis: IORedis;
  private readonly key: string;
  private readonly name = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly reclaimIntervalMs: number;
  private groupReady = false;
  private nextReclaimAt = 0;
  /** When the batch in hand was delivered (local clock): hand-backs only re-stamp entries held since. */
  private heldSince = 0;
  private interrupted = false;
  /** The client id of the read that is blocking, for CLIENT UNBLOCK. */
  private reading?: Promise<number>;
  private unblocking?: Promise<unknown>;

  constructor(
    private readonly connection: BullMqConnection,
    stream: string,
    private readonly options: BatchConsumeOptions,
    onError: (error: unknown, context: string) => void,
  ) {
    this.key = streamKey(connection, stream);
    this.reclaimIntervalMs = Math.min(
      MAX_RECLAIM_INTERVAL_MS,
      Math.max(MIN_WAIT_MS, Math.floor(options.leaseMs / 2)),
    );
    this.redis = new IORedis(connection.settings.redisUrl, {
      ...connection.consumerRedisOptions(),
      // A read on a connection that died silently (no RST) would otherwise wait for TCP to notice.
      blockingTimeout: 2 * MAX_RECLAIM_INTERVAL_MS,
      blockingTimeoutGrace: 1_000,
    });
    this.redis.on('error', (error) => onError(error, `stream connection ${stream}`));
  }

  async take(): Promise<TakenEntry[]> {
    try {
      if (!this.groupReady) await this.joinGroup();
      let taken: TakenEntry[] = [];
      if (Date.now() >= this.nextReclaimAt) {
        taken = await this.reclaim();
        // A full batch may mean more are due: look again at once.
        this.nextReclaimAt = taken.length < this.options.maxBatch ? Date.now() + this.reclaimIntervalMs : 0;
      }
      if (taken.length === 0 && !this.interrupted) taken = await this.readNew();
      this.heldSince = Date.now();
      return taken;
    } catch (error) {
      // Made again by the next take; the loop reports the error.
      if (isGone(error)) this.groupReady = false;
      throw error;
    }
  }

  async settle(done: readonly string[], handBack: readonly string[], delayMs: number): Promise<void> {
    if (done.length === 0 && handBack.length === 0) return;
    // Shutting down during an outage: waiting for Redis would only delay the stop; the entries stay
    // pending and go to another consumer when their lease runs out.
    if (this.interrupted && this.redis.status !== 'ready') throw new Error('redis is unreachable');
    const { group, leaseMs } = this.options;
    const transaction = this.redis.multi();
    if (done.length > 0) transaction.xack(this.key, group, ...done).xdel(this.key, ...done);
    if (handBack.length > 0) {
      // Held since `heldSince` by this consumer, its entries are at least that idle; one another consumer
      // claimed after the lease ran out is a lease younger, and is left alone.
      const minIdleMs = Math.max(0, Math.floor(Date.now() - this.heldSince - leaseMs / 2));
      const idleMs = Math.max(0, leaseMs - delayMs);
      transaction.xclaim(this.key, group, this.name, minIdleMs, ...handBack, 'IDLE', idleMs, 'JUSTID');
      this.nextReclaimAt = Math.min(this.nextReclaimAt, Date.now() + delayMs);
    }
    assertExecuted(await transaction.exec(), 'settle');
  }

  interrupt(): void {
    this.interrupted = true;
    const reading = this.reading;
    if (!reading) return;
    // The read returns at once, as if its BLOCK had run out; without this, closing would wait for it.
    this.unblocking = withTimeout(
      reading.then((id) => this.connection.redis().client('UNBLOCK', id)),
      CLOSE_LIMIT_MS,
      'unblocking a stream read',
    ).catch(() => undefined);
  }

  async close(): Promise<void> {
    // Side by side: what closing sends on this connection waits behind a read the unblock releases.
    await Promise.all([this.unblocking, closeRedis(this.redis, () => this.leaveGroup())]);
  }

  private async joinGroup(): Promise<void> {
    try {
      // From the start of the stream: what was appended before any consumer existed is delivered too.
      await this.redis.xgroup('CREATE', this.key, this.options.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
    }
    await this.forgetStaleConsumers();
    this.groupReady = true;
  }

  private async reclaim(): Promise<TakenEntry[]> {
    const { group, leaseMs, maxBatch } = this.options;
    const due = (await this.redis.xpending(
      this.key,
      group,
      'IDLE',
      leaseMs,
      '-',
      '+',
      maxBatch,
    )) as PendingRow[];
    if (due.length === 0) return [];
    const deliveries = new Map(due.map(([id, , , count]) => [id, Number(count)]));
    const claimed = (await this.redis.xclaim(
      this.key,
      group,
      this.name,
      leaseMs,
      ...due.map(([id]) => id),
    )) as (RawEntry | null)[];
    // Claimed again since XPENDING (by another consumer) or deleted: not returned, or null before Redis 7.
    return claimed
      .filter((entry): entry is RawEntry => entry !== null)
      .map(([id, fields]) => decodeEntry(id, fields, (deliveries.get(id) ?? 0) + 1));
  }

  private async readNew(): Promise<TakenEntry[]> {
    const { group, maxBatch } = this.options;
    const blockMs = Math.max(MIN_WAIT_MS, Math.min(this.reclaimIntervalMs, this.nextReclaimAt - Date.now()));
    // Sent ahead of the read on the same connection, so it is answered before the read blocks.
    const clientId = this.redis.client('ID');
    clientId.catch(() => undefined);
    this.reading = clientId;
    try {
      const reply = (await this.redis.xreadgroup(
        'GROUP',
        group,
        this.name,
        'COUNT',
        maxBatch,
        'BLOCK',
        blockMs,
        'STREAMS',
        this.key,
        '>',
      )) as [string, RawEntry[]][] | null;
      return (reply?.[0]?.[1] ?? []).map(([id, fields]) => decodeEntry(id, fields, 1));
    } finally {
      this.reading = undefined;
    }
  }

  /** Drops this consumer's name from the group if it holds nothing (what it holds must stay claimable). */
  private async leaveGroup(): Promise<void> {
    if (!this.groupReady || this.redis.status !== 'ready') return;
    const held = await this.redis.xpending(this.key, this.options.group, '-', '+', 1, this.name);
    if (held.length === 0) await this.redis.xgroup('DELCONSUMER', this.key, this.options.group, this.name);
  }

  /** Names left by consumers that crashed holding nothing; a live one reads every few seconds. */
  private async forgetStaleConsumers(): Promise<void> {
    const consumers = (await this.redis.xinfo('CONSUMERS', this.key, this.options.group)) as unknown[][];
    for (const fields of consumers) {
      const info = new Map<unknown, unknown>();
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(fields[i], fields[i + 1]);
      if (Number(info.get('pending')) === 0 && Number(info.get('idle')) > STALE_CONSUMER_MS)
        await this.redis.xgroup('DELCONSUMER', this.key, this.options.group, String(info.get('name')));
    }
  }
}

export class RedisReportStreamConsumer extends ReportStreamConsumer {
  constructor(
    private readonly connection: BullMqConnection,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    super();
  }

  consume<T>(stream: string, handler: BatchHandler<T>, options: BatchConsumeOptions): Consumption {
    return startBatchConsumerLoop(
      () => new RedisBatchSource(this.connection, stream, options, this.onError),
      handler,
      {
        ...options,
        stream,
        onError: this.onError,
      },
    );
  }
}
