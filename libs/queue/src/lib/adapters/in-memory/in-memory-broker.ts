import { EventEmitter } from 'node:events';
import { redeliveryDelayMs } from '../../redelivery-backoff';
import { PublishOptions } from '../../ports/queue-publisher.port';
import { InMemoryStreams } from './in-memory-streams';

export interface InMemoryMessage {
  readonly id: string;
  readonly payload: unknown;
  readonly priority: number;
  readonly attempts: number;
  readonly backoffMs?: number;
  readonly trace?: Readonly<Record<string, string>>;
  readonly seq: number;
  readonly publishedAt: number;
  failedDeliveries: number;
}

interface QueueState {
  waiting: InMemoryMessage[];
  readonly delayed: Map<string, { message: InMemoryMessage; timer: NodeJS.Timeout }>;
  readonly active: Map<string, InMemoryMessage>;
  failed: number;
}

/**
 * The queues of the in-memory driver: one per process, shared by every service hosted in it (the embedded
 * launcher runs the three apps in one process, each bundled separately, hence the global registry).
 * Delivery is asynchronous and follows BullMQ's rules: priority order, delays, at-least-once with
 * redelivery backoff, ids deduplicated while waiting, delayed or active.
 */
export class InMemoryBroker {
  private readonly queues = new Map<string, QueueState>();
  private readonly waiters = new Set<() => void>();
  private readonly cancellations = new Set<string>();
  /** Notifications between the services hosted in this process. */
  readonly notifications = new EventEmitter().setMaxListeners(0);
  /** The report streams (worker → job-service) of the services hosted in this process. */
  readonly streams = new InMemoryStreams();
  private seq = 0;

  static shared(): InMemoryBroker {
    const registry = globalThis as { [BROKER_KEY]?: InMemoryBroker };
    return (registry[BROKER_KEY] ??= new InMemoryBroker());
  }

  publish(queue: string, payload: unknown, options: PublishOptions): void {
    const state = this.state(queue);
    if (this.has(state, options.messageId)) return;
    const message: InMemoryMessage = {
      id: options.messageId,
      // Copied like a broker would serialise it: the consumer never shares the publisher's object.
      payload: structuredClone(payload),
      priority: options.priority ?? 0,
      attempts: Math.max(1, options.attempts ?? 1),
      backoffMs: options.backoffMs,
      trace: options.trace,
      seq: this.seq++,
      publishedAt: Date.now(),
      failedDeliveries: 0,
    };
    if (options.delayMs && options.delayMs > 0) this.delay(state, message, options.delayMs);
    else this.enqueue(state, message);
  }

  remove(queue: string, messageId: string): boolean {
    const state = this.state(queue);
    const delayed = state.delayed.get(messageId);
    if (delayed) {
      clearTimeout(delayed.timer);
      state.delayed.delete(messageId);
      return true;
    }
    const before = state.waiting.length;
    state.waiting = state.waiting.filter((m) => m.id !== messageId);
    return state.waiting.length < before;
  }

  /** Moves the next message of `queue` to active, or returns undefined when none is waiting. */
  take(queue: string): InMemoryMessage | undefined {
    const state = this.state(queue);
    const message = state.waiting.shift();
    if (message) state.active.set(message.id, message);
    return message;
  }

  complete(queue: string, message: InMemoryMessage): void {
    this.state(queue).active.delete(message.id);
  }

  fail(queue: string, message: InMemoryMessage): void {
    const state = this.state(queue);
    state.active.delete(message.id);
    message.failedDeliveries += 1;
    if (message.failedDeliveries < message.attempts) {
      this.delay(state, message, redeliveryDelayMs(message.failedDeliveries, message.backoffMs));
    } else {
      state.failed += 1;
    }
  }

  /** Puts an active message back at the head of its queue (a consumer shutting down hands it back). */
  release(queue: string, message: InMemoryMessage): void {
    const state = this.state(queue);
    state.active.delete(message.id);
    this.enqueue(state, message);
  }

  depth(queue: string): { waiting: number; active: number; delayed: number; failed: number } {
    const state = this.state(queue);
    return {
      waiting: state.waiting.length,
      active: state.active.size,
      delayed: state.delayed.size,
      failed: state.failed,
    };
  }

  isPending(queue: string, messageId: string): boolean {
    return this.has(this.state(queue), messageId);
  }

  /** Publication time (epoch ms) of the oldest message waiting, delayed or active. */
  oldestPendingAt(queue: string): number | undefined {
    const state = this.state(queue);
    const pending = [
      ...state.waiting,
      ...state.active.values(),
      ...[...state.delayed.values()].map((d) => d.message),
    ];
    return pending.length ? Math.min(...pending.map((m) => m.publishedAt)) : undefined;
  }

  /** Resolves when a message may have become available (or after `timeoutMs`). */
  waitForMessages(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      // An idle consumer must not keep the process alive on its own.
      timer.unref();
      this.waiters.add(wake);
    });
  }

  requestCancel(runId: string): void {
    this.cancellations.add(runId);
  }

  isCancelRequested(runId: string): boolean {
    return this.cancellations.has(runId);
  }

  private has(state: QueueState, id: string): boolean {
    return state.active.has(id) || state.delayed.has(id) || state.waiting.some((m) => m.id === id);
  }

  private enqueue(state: QueueState, message: InMemoryMessage): void {
    // Higher priority first, then first-in first-out.
    const index = state.waiting.findIndex(
      (m) => m.priority < message.priority || (m.priority === message.priority && m.seq > message.seq),
    );
    if (index === -1) state.waiting.push(message);
    else state.waiting.splice(index, 0, message);
    for (const wake of [...this.waiters]) wake();
  }

  private delay(state: QueueState, message: InMemoryMessage, delayMs: number): void {
    const timer = setTimeout(() => {
      state.delayed.delete(message.id);
      this.enqueue(state, message);
    }, delayMs);
    timer.unref();
    state.delayed.set(message.id, { message, timer });
  }

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) {
      state = { waiting: [], delayed: new Map(), active: new Map(), failed: 0 };
      this.queues.set(queue, state);
    }
    return state;
  }
}

const BROKER_KEY = Symbol.for('validahub.queue.in-memory-broker');
