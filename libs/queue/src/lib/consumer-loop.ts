import { withTimeout } from '@validahub/promises';
import { Consumption, ConsumeOptions, MessageHandler, WeightedQueue } from './ports/queue-consumer.port';
import { processInSpan } from './tracing/message-spans';
import { WeightedQueuePicker } from './weighted-queue-picker';

/** A message held by this consumer until it is completed, failed or handed back. */
export interface Lease {
  readonly id: string;
  readonly queue: string;
  readonly payload: unknown;
  readonly delivery: number;
  /** The trace context the message was published with (see `PublishOptions.trace`). */
  readonly trace?: Readonly<Record<string, string>>;
  /** Aborted when the broker no longer considers this consumer the holder. */
  readonly lost: AbortSignal;
  complete(): Promise<void>;
  /** Counts a failed delivery: redelivered after backoff while attempts remain. */
  fail(error: Error): Promise<void>;
  /** Hands the message back untouched (shutdown), for another consumer. */
  release(): Promise<void>;
}

/** What an adapter provides so the shared loop can consume from it. */
export interface LeaseSource {
  /** The messaging system's name, as span attributes give it (`bullmq`, `in-memory`). */
  readonly system: string;
  take(queue: string): Promise<Lease | undefined>;
  /** Resolves when messages may be available, at the latest after `timeoutMs`. */
  waitForMessages(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

// How long handing one message back at shutdown may wait for the broker.
const RELEASE_LIMIT_MS = 2_000;

export class ConsumerShutdownError extends Error {
  constructor() {
    super('consumer shut down before the message was handled; it was handed back to the queue');
    this.name = 'ConsumerShutdownError';
  }
}

export interface ConsumerLoopOptions extends ConsumeOptions {
  readonly idlePollMs: number;
  readonly onError: (error: unknown, context: string) => void;
}

const DEFAULT_GRACE_MS = 30_000;

/**
 * The consuming side shared by every adapter: `concurrency` slots, each taking the next message from the
 * queue the weighted picker says, handling it, and settling the lease. Keeping it in one place is what
 * makes the in-memory driver behave like BullMQ.
 */
export function startConsumerLoop<T>(
  source: LeaseSource,
  queues: readonly WeightedQueue[],
  handler: MessageHandler<T>,
  options: ConsumerLoopOptions,
): Consumption {
  const picker = new WeightedQueuePicker(queues);
  const inFlight = new Map<Lease, AbortController>();
  const handedBack = new Set<Lease>();
  let closing = false;
  let wakeClosing: () => void = () => undefined;
  const closingSignal = new Promise<void>((resolve) => (wakeClosing = resolve));

  async function takeNext(): Promise<Lease | undefined> {
    const empty: string[] = [];
    for (const queue of picker.candidates()) {
      const lease = await source.take(queue);
      if (lease) {
        picker.served(queue, empty);
        return lease;
      }
      empty.push(queue);
    }
    picker.served(null);
    return undefined;
  }

  async function handle(lease: Lease): Promise<void> {
    const controller = new AbortController();
    const onLost = () => controller.abort(lease.lost.reason);
    lease.lost.addEventListener('abort', onLost, { once: true });
    inFlight.set(lease, controller);
    try {
      const message = {
        system: source.system,
        queue: lease.queue,
        messageId: lease.id,
        delivery: lease.delivery,
      };
      await processInSpan(message, lease.trace, () =>
        handler({
          id: lease.id,
          queue: lease.queue,
          payload: lease.payload as T,
          delivery: lease.delivery,
          signal: controller.signal,
        }),
      );
      if (!handedBack.has(lease)) await lease.complete();
    } catch (error) {
      if (!handedBack.has(lease)) await lease.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      lease.lost.removeEventListener('abort', onLost);
      inFlight.delete(lease);
    }
  }

  async function slot(): Promise<void> {
    while (!closing) {
      let lease: Lease | undefined;
      try {
        lease = await takeNext();
      } catch (error) {
        options.onError(error, 'taking a message');
      }
      if (!lease) {
        await Promise.race([source.waitForMessages(options.idlePollMs), closingSignal]);
        continue;
      }
      // Taken is in hand, even if closing began meanwhile: it gets the grace period like the others.
      await handle(lease).catch((error) => options.onError(error, 'settling a message'));
    }
  }

  const slots = Array.from({ length: Math.max(1, options.concurrency) }, () => slot());

  return {
    async close(graceMs = DEFAULT_GRACE_MS): Promise<void> {
      if (!closing) {
        closing = true;
        wakeClosing();
      }
      const finished = Promise.all(slots);
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)),
      );
      const outcome = await Promise.race([finished.then(() => 'done' as const), graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        // Past the grace: hand the unfinished messages back so another consumer runs them, and tell the
        // handlers to stop. A broker that does not answer cannot take them back: their leases expire and
        // the broker redelivers them.
        for (const [lease, controller] of inFlight) {
          handedBack.add(lease);
          await withTimeout(lease.release(), RELEASE_LIMIT_MS, 'handing back a message').catch((error) =>
            options.onError(error, 'handing back a message'),
          );
          controller.abort(new ConsumerShutdownError());
        }
      }
      // Closed before the slots are awaited: a slot waiting on an unreachable broker to take a message is
      // released by the closed connection, not left waiting forever.
      await source.close();
      await finished;
    },
  };
}
