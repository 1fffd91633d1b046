import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '@validahub/promises';
import { Consumption } from './ports/queue-consumer.port';
import {
  BatchConsumeOptions,
  BatchHandler,
  BatchOutcome,
  DeadLetter,
  StreamEntry,
} from './ports/report-stream.port';
import { DEFAULT_BACKOFF_MS, redeliveryDelayMs } from './redelivery-backoff';
import { processBatchInSpan } from './tracing/message-spans';

/** An entry as an adapter hands it over; `payload` is the raw text when it could not be decoded. */
export interface TakenEntry extends StreamEntry<unknown> {
  readonly undecodable?: boolean;
}

/** What an adapter provides so the shared batch loop can consume its stream for one consumer. */
export interface BatchSource {
  /** The messaging system's name, as span attributes give it (`redis`, `in-memory`). */
  readonly system: string;
  /**
   * Up to `maxBatch` entries for this consumer, those due again (lease expired, handed back) first, then new
   * ones. Waits for entries, woken by an append; may resolve with none (it waited long enough, or
   * `interrupt` was called), so the loop can look at its own state.
   */
  take(): Promise<TakenEntry[]>;
  /**
   * Acknowledges and deletes `done`; hands `handBack` (entries this consumer still holds) back, to be
   * delivered again (deliveries + 1), to any consumer of the group, `delayMs` from now. One round trip.
   */
  settle(done: readonly string[], handBack: readonly string[], delayMs: number): Promise<void>;
  /** Makes a `take` that is waiting resolve promptly (with what it already has, if anything). */
  interrupt(): void;
  /** Releases the source's connections; a call still pending on them fails. */
  close(): Promise<void>;
}

export interface BatchLoopOptions extends BatchConsumeOptions {
  readonly stream: string;
  readonly onError: (error: unknown, context: string) => void;
}

// How long handing the batch in hand back at shutdown may wait for the broker.
const HAND_BACK_LIMIT_MS = 2_000;
const DEFAULT_GRACE_MS = 30_000;
// Pauses after a failing `take` (a broker error other than an outage, which the connection waits out).
const TAKE_ERROR_BASE_MS = 100;
const TAKE_ERROR_MAX_MS = 5_000;

export class StreamEntryDeadLetteredError extends Error {
  constructor(readonly deadLetter: DeadLetter) {
    super(
      `stream ${deadLetter.stream}: entry ${deadLetter.id} dead-lettered (${deadLetter.reason}, ` +
        `${deadLetter.deliveries} deliveries) and removed`,
    );
    this.name = 'StreamEntryDeadLetteredError';
  }
}

function validate(options: BatchConsumeOptions): void {
  const positive = {
    maxBatch: options.maxBatch,
    leaseMs: options.leaseMs,
    maxDeliveries: options.maxDeliveries,
  };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer, not ${value}`);
  }
  if (options.retryBackoffMs !== undefined && !(options.retryBackoffMs >= 0))
    throw new Error(`retryBackoffMs must be 0 or more, not ${options.retryBackoffMs}`);
}

/**
 * The consuming side of a report stream, shared by every adapter (what `startConsumerLoop` is for queues):
 * one batch at a time, taken, handled in a consumer span, then settled: acknowledged, handed back with a
 * backoff, or dead-lettered. Keeping it in one place is what makes the in-memory stream behave like Redis.
 */
export function startBatchConsumerLoop<T>(
  makeSource: () => BatchSource,
  handler: BatchHandler<T>,
  options: BatchLoopOptions,
): Consumption {
  // Before the source exists: refused options must not leave a connection open.
  validate(options);
  const source = makeSource();
  const { stream, group, maxDeliveries, leaseMs, onError } = options;
  const baseBackoffMs = options.retryBackoffMs ?? DEFAULT_BACKOFF_MS;
  const onDeadLetter =
    options.onDeadLetter ??
    ((deadLetter: DeadLetter) =>
      onError(new StreamEntryDeadLetteredError(deadLetter), `dead-lettering an entry of ${stream}`));
  let closing = false;
  let inHand: readonly string[] | undefined;
  // Shutdown passed its grace: the batch in hand was handed back, nothing more is handled or settled.
  let pastGrace = false;
  let wakeClosing: () => void = () => undefined;
  const closingSignal = new Promise<void>((resolve) => (wakeClosing = resolve));

  const pause = (ms: number) => Promise.race([sleep(ms, undefined, { ref: false }), closingSignal]);

  /** Past the last delivery, or undecodable: logged and removed rather than delivered again. */
  const deadLetter = (entry: TakenEntry, reason: DeadLetter['reason']): DeadLetter => ({
    stream,
    id: entry.id,
    deliveries: entry.deliveries,
    payload: entry.payload,
    reason,
  });

  /**
   * Acknowledges `done`; of `back`, dead-letters those at their last delivery and hands the others back with
   * a backoff. Returns that backoff.
   */
  async function settleBatch(done: readonly string[], back: readonly TakenEntry[]): Promise<number> {
    const exhausted = back.filter((e) => e.deliveries >= maxDeliveries);
    const again = back.filter((e) => e.deliveries < maxDeliveries);
    const deliveries = Math.max(0, ...again.map((e) => e.deliveries));
    const delayMs = Math.min(leaseMs, redeliveryDelayMs(deliveries, baseBackoffMs));
    await source.settle(
      [...done, ...exhausted.map((e) => e.id)],
      again.map((e) => e.id),
      delayMs,
    );
    for (const entry of exhausted) onDeadLetter(deadLetter(entry, 'max-deliveries'));
    return delayMs;
  }

  async function handleBatch(taken: readonly TakenEntry[]): Promise<void> {
    const dead = taken.filter((e) => e.undecodable || e.deliveries > maxDeliveries);
    if (dead.length > 0) {
      await source.settle(
        dead.map((e) => e.id),
        [],
        0,
      );
      for (const entry of dead)
        onDeadLetter(deadLetter(entry, entry.undecodable ? 'undecodable' : 'max-deliveries'));
    }
    const live = taken.filter((e) => !e.undecodable && e.deliveries <= maxDeliveries);
    if (live.length === 0 || pastGrace) return;
    let outcome: BatchOutcome | void = undefined;
    let failure: { error: unknown } | undefined;
    inHand = live.map((e) => e.id);
    try {
      outcome = await processBatchInSpan(
        { system: source.system, stream, group },
        live.map((e) => e.trace),
        () => handler(live as readonly StreamEntry<T>[]),
      );
    } catch (error) {
      failure = { error };
    }
    inHand = undefined;
    if (pastGrace) return;
    if (failure) {
      onError(failure.error, `handling a batch of ${stream}`);
      const delayMs = await settleBatch([], live);
      // Most likely a dependency that is down: wait before taking more.
      await pause(delayMs);
      return;
    }
    const retry = new Set(outcome?.retry ?? []);
    await settleBatch(
      live.filter((e) => !retry.has(e.id)).map((e) => e.id),
      live.filter((e) => retry.has(e.id)),
    );
  }

  async function run(): Promise<void> {
    let failedTakes = 0;
    while (!closing) {
      let taken: TakenEntry[];
      try {
        taken = await source.take();
        failedTakes = 0;
      } catch (error) {
        if (closing) return;
        onError(error, `reading ${stream}`);
        failedTakes += 1;
        await pause(Math.min(TAKE_ERROR_MAX_MS, redeliveryDelayMs(failedTakes, TAKE_ERROR_BASE_MS)));
        continue;
      }
      // Taken is in hand, even if closing began meanwhile: it gets the grace period.
      if (taken.length > 0)
        await handleBatch(taken).catch((error) => onError(error, `settling a batch of ${stream}`));
    }
  }

  const running = run();

  async function close(graceMs: number): Promise<void> {
    closing = true;
    wakeClosing();
    source.interrupt();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)),
    );
    const outcome = await Promise.race([running.then(() => 'done' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') pastGrace = true;
    if (pastGrace && inHand) {
      // Hand the batch back so another consumer takes it now, not after the lease. The handler is not
      // waited for; what it returns is ignored. A broker that does not answer cannot take the batch back:
      // its lease expires and another consumer gets it then.
      await withTimeout(
        source.settle([], inHand, 0),
        HAND_BACK_LIMIT_MS,
        `handing back a batch of ${stream}`,
      ).catch((error) => onError(error, `handing back a batch of ${stream}`));
    }
    await source.close();
    // A handler that never settles must not hold up the shutdown; the loop ends when it does.
    if (!pastGrace) await running;
  }

  let closed: Promise<void> | undefined;
  return {
    close: (graceMs = DEFAULT_GRACE_MS) => (closed ??= close(graceMs)),
  };
}
