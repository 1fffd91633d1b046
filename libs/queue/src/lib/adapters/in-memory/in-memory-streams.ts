import { TakenEntry } from '../../batch-consumer-loop';
import { AppendEntry, StreamTrace } from '../../ports/report-stream.port';

interface StoredEntry {
  readonly id: string;
  readonly payload: unknown;
  readonly trace?: StreamTrace;
}

interface PendingEntry {
  readonly entry: StoredEntry;
  owner: string;
  deliveries: number;
  /** When another consumer (or this one) may take it again: the lease's end, or a hand-back's backoff. */
  dueAt: number;
}

interface GroupState {
  /** Entries never delivered to the group, in stream order. */
  readonly fresh: StoredEntry[];
  readonly pending: Map<string, PendingEntry>;
}

interface StreamState {
  readonly entries: Map<string, StoredEntry>;
  readonly groups: Map<string, GroupState>;
  readonly waiters: Set<() => void>;
  lastMs: number;
  lastSeq: number;
}

/**
 * The report streams of the in-memory driver, with Redis Streams' rules so that the contract holds for both:
 * ids `<ms>-<seq>`, consumer groups created from the start of the stream, a pending list per group with
 * owners, delivery counts and leases, acknowledged entries deleted. Held by the process-wide broker.
 */
export class InMemoryStreams {
  private readonly streams = new Map<string, StreamState>();

  append(stream: string, entries: readonly AppendEntry<unknown>[]): void {
    const state = this.state(stream);
    for (const { payload, trace } of entries) {
      const now = Date.now();
      if (now > state.lastMs) {
        state.lastMs = now;
        state.lastSeq = 0;
      } else {
        state.lastSeq += 1;
      }
      // Copied like a broker would serialise it: the consumer never shares the appender's object.
      const entry: StoredEntry = {
        id: `${state.lastMs}-${state.lastSeq}`,
        payload: structuredClone(payload),
        ...(trace ? { trace } : {}),
      };
      state.entries.set(entry.id, entry);
      for (const group of state.groups.values()) group.fresh.push(entry);
    }
    for (const wake of [...state.waiters]) wake();
  }

  /** Creates the group from the start of the stream (what it holds now is delivered too); idempotent. */
  ensureGroup(stream: string, group: string): void {
    const state = this.state(stream);
    if (!state.groups.has(group))
      state.groups.set(group, { fresh: [...state.entries.values()], pending: new Map() });
  }

  /**
   * Entries for `consumer`: those due again first (lease over, or handed back and past their backoff),
   * claimed with one more delivery; else new ones. Up to `maxBatch`, in stream order.
   */
  take(stream: string, group: string, consumer: string, maxBatch: number, leaseMs: number): TakenEntry[] {
    const state = this.state(stream);
    const groupState = this.group(state, group);
    const now = Date.now();
    const due: PendingEntry[] = [];
    for (const [id, pending] of groupState.pending) {
      // Deleted meanwhile (acknowledged by a consumer whose lease had run out): nothing to deliver.
      if (!state.entries.has(id)) groupState.pending.delete(id);
      else if (pending.dueAt <= now) due.push(pending);
    }
    if (due.length > 0) {
      return due
        .sort((a, b) => compareIds(a.entry.id, b.entry.id))
        .slice(0, maxBatch)
        .map((pending) => {
          pending.owner = consumer;
          pending.deliveries += 1;
          pending.dueAt = now + leaseMs;
          return delivered(pending);
        });
    }
    const batch: StoredEntry[] = [];
    let read = 0;
    while (read < groupState.fresh.length && batch.length < maxBatch) {
      const entry = groupState.fresh[read++];
      if (state.entries.has(entry.id)) batch.push(entry);
    }
    groupState.fresh.splice(0, read);
    return batch.map((entry) => {
      const pending: PendingEntry = { entry, owner: consumer, deliveries: 1, dueAt: now + leaseMs };
      groupState.pending.set(entry.id, pending);
      return delivered(pending);
    });
  }

  /** Acknowledges and deletes `done`; makes `handBack`, if still `consumer`'s, due again in `delayMs`. */
  settle(
    stream: string,
    group: string,
    consumer: string,
    done: readonly string[],
    handBack: readonly string[],
    delayMs: number,
  ): void {
    const state = this.state(stream);
    const groupState = this.group(state, group);
    for (const id of done) {
      groupState.pending.delete(id);
      state.entries.delete(id);
    }
    const dueAt = Date.now() + delayMs;
    for (const id of handBack) {
      const pending = groupState.pending.get(id);
      // Its lease ran out and another consumer took it: it is that consumer's now.
      if (pending?.owner === consumer) pending.dueAt = dueAt;
    }
    if (handBack.length > 0) this.wakeAt(state, dueAt);
  }

  /** When the earliest pending entry of the group falls due; undefined when none is pending. */
  nextDueAt(stream: string, group: string): number | undefined {
    let earliest: number | undefined;
    for (const pending of this.group(this.state(stream), group).pending.values())
      if (earliest === undefined || pending.dueAt < earliest) earliest = pending.dueAt;
    return earliest;
  }

  /** Resolves on the next append to `stream`, at `wake()`, or after `timeoutMs`. */
  waitForEntries(stream: string, timeoutMs: number): { done: Promise<void>; wake: () => void } {
    const state = this.state(stream);
    let wake: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), Math.max(0, timeoutMs));
      // An idle consumer must not keep the process alive on its own.
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        state.waiters.delete(wake);
        resolve();
      };
      state.waiters.add(wake);
    });
    return { done, wake };
  }

  length(stream: string): number {
    return this.state(stream).entries.size;
  }

  oldestEntryId(stream: string): string | undefined {
    // A Map keeps insertion order, which is id order.
    return this.state(stream).entries.keys().next().value;
  }

  private wakeAt(state: StreamState, at: number): void {
    const timer = setTimeout(() => {
      for (const wake of [...state.waiters]) wake();
    }, at - Date.now());
    timer.unref();
  }

  private group(state: StreamState, group: string): GroupState {
    const groupState = state.groups.get(group);
    if (!groupState) throw new Error(`no consumer group ${group}`);
    return groupState;
  }

  private state(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) {
      state = { entries: new Map(), groups: new Map(), waiters: new Set(), lastMs: 0, lastSeq: 0 };
      this.streams.set(stream, state);
    }
    return state;
  }
}

function delivered(pending: PendingEntry): TakenEntry {
  const { entry, deliveries } = pending;
  // A fresh copy per delivery, as a broker decodes one: a handler that changed the payload does not change
  // what the next delivery sees.
  return {
    id: entry.id,
    payload: structuredClone(entry.payload),
    deliveries,
    ...(entry.trace ? { trace: entry.trace } : {}),
  };
}

function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number);
  const [bMs, bSeq] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
