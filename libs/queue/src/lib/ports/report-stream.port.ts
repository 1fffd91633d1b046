import { Consumption } from './queue-consumer.port';

/** A trace context in W3C form (`traceparent`, `tracestate`), as `PublishOptions.trace`. */
export type StreamTrace = Readonly<Record<string, string>>;

/** One entry to append. */
export interface AppendEntry<T> {
  readonly payload: T;
  /**
   * The trace the entry belongs to, when it is not the appender's active one (a worker flushing reports of
   * several runs at once gives each its run's). Omitted: the active trace at `append`.
   */
  readonly trace?: StreamTrace;
}

/** One entry as a consumer receives it. */
export interface StreamEntry<T> {
  /** The broker's id (a Redis stream id, `<ms>-<seq>`), unique within the stream; what `retry` names. */
  readonly id: string;
  readonly payload: T;
  /** 1 on the first delivery, 2 on the first redelivery, … */
  readonly deliveries: number;
  /** The trace the entry was appended in (see `AppendEntry.trace`); absent outside any trace. */
  readonly trace?: StreamTrace;
}

/** The producing side of a report stream. */
export abstract class ReportStreamPublisher {
  /**
   * Appends every entry, in order, in one round trip, all or none: resolves once the broker holds them
   * durably (as durable as the broker is). A call that fails may still have appended them (a timeout):
   * appending again then makes duplicates, which consumers tolerate (delivery is at-least-once anyway).
   */
  abstract append<T>(stream: string, entries: readonly AppendEntry<T>[]): Promise<void>;
}

/** An entry given up on: removed from the stream, never delivered again. */
export interface DeadLetter {
  readonly stream: string;
  readonly id: string;
  readonly deliveries: number;
  /** The decoded payload; the raw text when the entry could not be decoded. */
  readonly payload: unknown;
  readonly reason: 'max-deliveries' | 'undecodable';
}

export interface BatchConsumeOptions {
  /** The consumer group: consumers of one group share the stream, each entry going to one of them. */
  readonly group: string;
  /** Most entries per handler call. */
  readonly maxBatch: number;
  /**
   * Entries delivered to a consumer that neither acknowledges nor hands them back (it died, or hangs) go to
   * another consumer of the group once they were this long in its hands. Make it longer than a batch can
   * take to handle: one held past it is handled twice.
   */
  readonly leaseMs: number;
  /** Deliveries an entry may get; one past it is dead-lettered (removed, `onDeadLetter`) instead. */
  readonly maxDeliveries: number;
  /**
   * Base of the capped exponential pause before an entry handed back (a failed batch, a `retry`) is
   * delivered again: `redeliveryDelayMs(deliveries, retryBackoffMs)`, at most `leaseMs`. Default 1 s.
   */
  readonly retryBackoffMs?: number;
  /** Told about every dead-lettered entry (log it: it is gone). Default: the driver's error listener. */
  readonly onDeadLetter?: (deadLetter: DeadLetter) => void;
}

/** What a handler may ask of its batch when it resolves. */
export interface BatchOutcome {
  /** Entries of the batch to deliver again later (after the backoff), the rest being acknowledged. */
  readonly retry?: readonly string[];
}

export type BatchHandler<T> = (batch: readonly StreamEntry<T>[]) => Promise<BatchOutcome | void>;

/** The consuming side of a report stream. */
export abstract class ReportStreamConsumer {
  /**
   * At-least-once, in batches of up to `maxBatch` entries in stream order (redeliveries come back later,
   * after newer entries). When the handler resolves, every entry of its batch is acknowledged and deleted
   * (the stream does not grow with what was consumed), except those it names in `retry`. When it throws,
   * the whole batch is handed back and delivered again after the backoff, and this consumer pauses as long:
   * throwing means "nothing of this could be applied now" (a database down); an entry that cannot be
   * applied on its own belongs in `retry`, or it drags its whole batch towards `maxDeliveries`.
   *
   * One group per stream: acknowledging deletes the entry for every group. Consumers of the group share
   * the stream (the order holds within each one's batches, not across them); one that dies holding entries
   * loses them to another after `leaseMs`. Waits on the broker
   * (a blocking read), so an append wakes an idle consumer at once. `close(graceMs)` stops reading, lets
   * the batch in hand finish for `graceMs`, then hands it back for another consumer.
   */
  abstract consume<T>(stream: string, handler: BatchHandler<T>, options: BatchConsumeOptions): Consumption;
}

/** Read-only view of a report stream, for depth gauges and for knowing what may still be unapplied. */
export abstract class ReportStreamInspector {
  /** Entries appended and not yet acknowledged (waiting or being handled). */
  abstract length(stream: string): Promise<number>;
  /**
   * When the oldest entry not yet acknowledged was appended (the broker's clock), null when none is:
   * everything appended before that time has been consumed.
   */
  abstract oldestEntryAt(stream: string): Promise<Date | null>;
}
