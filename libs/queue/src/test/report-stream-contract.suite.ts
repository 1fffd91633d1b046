import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, trace } from '@opentelemetry/api';
import { activeTraceCarrier } from '@validahub/telemetry';
import { recordSpans, waitFor } from '@validahub/testing';
import { Consumption } from '../lib/ports/queue-consumer.port';
import {
  BatchConsumeOptions,
  BatchHandler,
  BatchOutcome,
  DeadLetter,
  StreamEntry,
} from '../lib/ports/report-stream.port';
import { QueueDriver, QueueErrorListener } from '../lib/queue-driver';

const STREAM = 'reports';

/**
 * What every report-stream adapter must do, run against each of them (in-memory in a unit spec, Redis
 * Streams against the real Redis in an integration spec). `makeDriver` gets the listener its driver must
 * report errors to: a test fails on any error it did not cause.
 */
export function reportStreamContract(
  name: string,
  makeDriver: (onError: QueueErrorListener) => Promise<QueueDriver>,
): void {
  describe(`report stream contract: ${name}`, () => {
    let driver: QueueDriver;
    let errors: { error: unknown; context: string }[];
    let deadLetters: DeadLetter[];
    const consumptions: Consumption[] = [];

    beforeEach(async () => {
      errors = [];
      deadLetters = [];
      driver = await makeDriver((error, context) => errors.push({ error, context }));
    });

    afterEach(async () => {
      await Promise.all(consumptions.splice(0).map((c) => c.close(1_000)));
      await driver.close();
    });

    function consume<T>(handler: BatchHandler<T>, options: Partial<BatchConsumeOptions> = {}): Consumption {
      const consumption = driver.streamConsumer.consume<T>(STREAM, handler, {
        group: 'appliers',
        maxBatch: 100,
        leaseMs: 10_000,
        maxDeliveries: 5,
        retryBackoffMs: 50,
        onDeadLetter: (deadLetter) => deadLetters.push(deadLetter),
        ...options,
      });
      consumptions.push(consumption);
      return consumption;
    }

    const append = (...payloads: unknown[]) =>
      driver.streamPublisher.append(
        STREAM,
        payloads.map((payload) => ({ payload })),
      );

    const length = () => driver.streamInspector.length(STREAM);

    /** Every entry a handler was given, batch by batch. */
    function recorder<T>(
      outcome: (batch: readonly StreamEntry<T>[]) => BatchOutcome | void = () => undefined,
    ) {
      const batches: StreamEntry<T>[][] = [];
      const handler: BatchHandler<T> = async (batch) => {
        batches.push([...batch]);
        return outcome(batch);
      };
      const entries = () => batches.flat();
      return { batches, handler, entries };
    }

    const handled = <T>(entries: () => StreamEntry<T>[], count: number, what = `${count} entries handled`) =>
      waitFor(entries, (seen) => seen.length >= count, { what });

    it('delivers copies of the payloads in order, never from inside append', async () => {
      const { handler, entries } = recorder<unknown>();
      consume(handler);
      const payloads = [{ n: 1, nested: { list: ['x'] } }, { n: 2 }, { n: 3 }];
      const appending = append(...payloads);
      expect(entries()).toEqual([]);
      await appending;
      const seen = await handled(entries, 3);
      expect(seen.map((e) => e.payload)).toEqual(payloads);
      expect(seen.map((e) => e.deliveries)).toEqual([1, 1, 1]);
      expect(new Set(seen.map((e) => e.id)).size).toBe(3);
      expect(errors).toEqual([]);
    });

    it('hands over a backlog in stream order, in batches of at most maxBatch', async () => {
      for (let call = 0; call < 3; call++)
        await append(...Array.from({ length: 400 }, (_, i) => ({ n: call * 400 + i })));
      const { batches, handler, entries } = recorder<{ n: number }>();
      consume(handler, { maxBatch: 500 });
      await handled(entries, 1_200);
      expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
      expect(entries().map((e) => e.payload.n)).toEqual(Array.from({ length: 1_200 }, (_, i) => i));
    });

    it('deletes what it acknowledges: the stream is empty once handled', async () => {
      const before = Date.now();
      await append({ n: 1 }, { n: 2 });
      expect(await length()).toBe(2);
      // The broker's clock against ours, on the same machine: a second either way is plenty.
      const oldest = (await driver.streamInspector.oldestEntryAt(STREAM))?.getTime() ?? 0;
      expect(oldest).toBeGreaterThanOrEqual(before - 1_000);
      expect(oldest).toBeLessThanOrEqual(Date.now() + 1_000);
      const { handler, entries } = recorder();
      consume(handler);
      await handled(entries, 2);
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      expect(await driver.streamInspector.oldestEntryAt(STREAM)).toBeNull();
    });

    it('delivers again only the entries a handler returns in retry, one delivery later', async () => {
      await append({ n: 1 }, { n: 2 }, { n: 3 });
      const { handler, entries } = recorder<{ n: number }>((batch) => ({
        retry: batch.filter((e) => e.payload.n === 2 && e.deliveries === 1).map((e) => e.id),
      }));
      consume(handler);
      await handled(entries, 4);
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      expect(entries().map((e) => [e.payload.n, e.deliveries])).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
        [2, 2],
      ]);
      expect(entries()[3].id).toBe(entries()[1].id);
      expect(errors).toEqual([]);
    });

    it('delivers a batch whose handler threw again, whole, after the backoff, and reports the failure', async () => {
      await append({ n: 1 }, { n: 2 });
      const failure = new Error('database down');
      const { batches, handler } = recorder<{ n: number }>((batch) => {
        if (batch[0].deliveries === 1) throw failure;
      });
      consume(handler);
      await waitFor(
        () => batches.length,
        (n) => n >= 2,
        { what: 'a redelivery' },
      );
      expect(batches.map((b) => b.map((e) => [e.payload.n, e.deliveries]))).toEqual([
        [
          [1, 1],
          [2, 1],
        ],
        [
          [1, 2],
          [2, 2],
        ],
      ]);
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      expect(errors.map((e) => e.error)).toEqual([failure]);
    });

    it('dead-letters an entry past maxDeliveries and goes on with the rest of the stream', async () => {
      await append({ poison: true });
      const { handler, entries } = recorder<{ poison?: boolean }>((batch) => ({
        retry: batch.filter((e) => e.payload.poison).map((e) => e.id),
      }));
      consume(handler, { maxDeliveries: 3 });
      await waitFor(
        () => deadLetters,
        (d) => d.length === 1,
        { what: 'a dead letter' },
      );
      expect(deadLetters[0]).toMatchObject({
        stream: STREAM,
        id: entries()[0].id,
        deliveries: 3,
        payload: { poison: true },
        reason: 'max-deliveries',
      });
      expect(entries().map((e) => e.deliveries)).toEqual([1, 2, 3]);
      await append({ next: true });
      await handled(entries, 4, 'the next entry');
      expect(entries()[3].payload).toEqual({ next: true });
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      expect(errors).toEqual([]);
    });

    it('reports a dead letter to the driver’s error listener when no onDeadLetter is given', async () => {
      await append({ n: 1 });
      consume(
        async () => {
          throw new Error('always');
        },
        { maxDeliveries: 1, onDeadLetter: undefined },
      );
      await waitFor(
        () => errors.filter((e) => e.context.startsWith('dead-lettering')),
        (found) => found.length === 1,
        { what: 'the dead letter reported' },
      );
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
    });

    it('shares the stream between the consumers of a group, each entry going to one of them', async () => {
      await append(...Array.from({ length: 600 }, (_, n) => ({ n })));
      const slow = <T>() => {
        const seen = recorder<T>();
        return {
          ...seen,
          handler: async (batch: readonly StreamEntry<T>[]) => {
            // Long enough for the other consumer to take the next batch meanwhile.
            await sleep(30);
            return seen.handler(batch);
          },
        };
      };
      const first = slow<{ n: number }>();
      const second = slow<{ n: number }>();
      consume(first.handler, { maxBatch: 50 });
      consume(second.handler, { maxBatch: 50 });
      await waitFor(
        () => first.entries().length + second.entries().length,
        (n) => n >= 600,
        { what: 'every entry handled' },
      );
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      const numbers = [...first.entries(), ...second.entries()].map((e) => e.payload.n);
      expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, n) => n));
      expect(first.entries().length).toBeGreaterThan(0);
      expect(second.entries().length).toBeGreaterThan(0);
      expect([...first.entries(), ...second.entries()].every((e) => e.deliveries === 1)).toBe(true);
    });

    it('gives the entries of a consumer that never settles to another of its group once the lease is over', async () => {
      await append({ n: 1 }, { n: 2 });
      const stuck = recorder<{ n: number }>();
      consume<{ n: number }>(
        async (batch) => {
          await stuck.handler(batch);
          await new Promise(() => undefined);
        },
        { leaseMs: 501 },
      );
      await handled(stuck.entries, 2);
      const rescuer = recorder<{ n: number }>();
      // An odd lease: whatever a driver derives from it must still be whole milliseconds.
      consume(rescuer.handler, { leaseMs: 501 });
      await handled(rescuer.entries, 2, 'the stuck entries redelivered');
      expect(rescuer.entries().map((e) => [e.id, e.deliveries])).toEqual(
        stuck.entries().map((e) => [e.id, 2]),
      );
      await waitFor(length, (n) => n === 0, { what: 'an empty stream' });
      // The stuck consumer hands its batch back when closed: entries the other one finished stay gone.
      await consumptions[0].close(50);
      await sleep(200);
      expect(await length()).toBe(0);
      expect(rescuer.entries()).toHaveLength(2);
    });

    it('lets close() finish the batch in hand within the grace period', async () => {
      await append({ n: 1 });
      let finished = false;
      const started = new Promise<void>((resolve) => {
        consume(async () => {
          resolve();
          await sleep(300);
          finished = true;
        });
      });
      await started;
      await consumptions[0].close(5_000);
      expect(finished).toBe(true);
      expect(await length()).toBe(0);
    });

    it('hands the batch in hand back when close() passes its grace, for another consumer, without waiting for the lease', async () => {
      await append({ n: 1 }, { n: 2 });
      const stuck = recorder<{ n: number }>();
      const first = consume<{ n: number }>(
        async (batch) => {
          await stuck.handler(batch);
          await new Promise(() => undefined);
        },
        // Far longer than the test may wait: only a hand-back gets the entries to the next consumer.
        { leaseMs: 600_000 },
      );
      await handled(stuck.entries, 2);
      await first.close(100);
      const next = recorder<{ n: number }>();
      consume(next.handler, { leaseMs: 600_000 });
      await handled(next.entries, 2, 'the handed-back entries');
      expect(next.entries().map((e) => [e.payload.n, e.deliveries])).toEqual([
        [1, 2],
        [2, 2],
      ]);
    });

    it('wakes an idle consumer when entries are appended', async () => {
      const { handler, entries } = recorder();
      // Its lease sets how long a read may wait when nothing wakes it: far longer than the test may wait.
      consume(handler, { leaseMs: 600_000 });
      // Let it go idle: it is now waiting on the broker.
      await sleep(300);
      await append({ n: 1 });
      await handled(entries, 1);
    });

    it('refuses options it cannot honour', () => {
      const handler = async () => undefined;
      const base = { group: 'g', maxBatch: 10, leaseMs: 1_000, maxDeliveries: 3 };
      expect(() => driver.streamConsumer.consume(STREAM, handler, { ...base, maxBatch: 0 })).toThrow(
        /maxBatch/,
      );
      expect(() => driver.streamConsumer.consume(STREAM, handler, { ...base, maxDeliveries: 0 })).toThrow(
        /maxDeliveries/,
      );
      expect(() => driver.streamConsumer.consume(STREAM, handler, { ...base, leaseMs: 0.5 })).toThrow(
        /leaseMs/,
      );
    });

    describe('trace context', () => {
      const spans = recordSpans();
      const tracer = trace.getTracer('contract');
      const named = (spanName: string) => spans.getFinishedSpans().filter((s) => s.name === spanName);

      beforeEach(() => spans.reset());

      it('carries each entry’s trace and handles a batch in a span of its own, linked to them', async () => {
        const request = await tracer.startActiveSpan('request', async (span) => {
          await append({ n: 1 }, { n: 2 });
          span.end();
          return span.spanContext();
        });
        const other = tracer.startActiveSpan('other run', (span) => {
          span.end();
          return { carrier: activeTraceCarrier(), context: span.spanContext() };
        });
        await driver.streamPublisher.append(STREAM, [{ payload: { n: 3 }, trace: other.carrier }]);
        const active: (string | undefined)[] = [];
        const { handler, entries } = recorder<{ n: number }>(() => {
          active.push(trace.getActiveSpan()?.spanContext().spanId);
        });
        consume(handler);
        await handled(entries, 3);
        await waitFor(
          () => named(`process ${STREAM}`).length,
          (n) => n === 1,
          { what: 'the batch span' },
        );

        const publishes = named(`publish ${STREAM}`);
        expect(publishes).toHaveLength(2);
        const [publish] = publishes.filter((s) => s.parentSpanContext?.spanId === request.spanId);
        expect(publish.kind).toBe(SpanKind.PRODUCER);
        expect(publish.spanContext().traceId).toBe(request.traceId);
        expect(publish.attributes['messaging.batch.message_count']).toBe(2);
        const [first, second, third] = entries();
        expect(first.trace?.['traceparent']).toContain(publish.spanContext().spanId);
        expect(second.trace).toEqual(first.trace);
        expect(third.trace).toEqual(other.carrier);

        const [batchSpan] = named(`process ${STREAM}`);
        expect(batchSpan.kind).toBe(SpanKind.CONSUMER);
        expect(batchSpan.parentSpanContext).toBeUndefined();
        expect(batchSpan.attributes['messaging.batch.message_count']).toBe(3);
        expect(batchSpan.links.map((l) => l.context.spanId).sort()).toEqual(
          [publish.spanContext().spanId, other.context.spanId].sort(),
        );
        expect(active).toEqual([batchSpan.spanContext().spanId]);
      });
    });
  });
}
