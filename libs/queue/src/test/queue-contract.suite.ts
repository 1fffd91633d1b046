import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { activeTraceCarrier } from '@validahub/telemetry';
import { recordSpans, waitFor } from '@validahub/testing';
import { ConsumedMessage, Consumption } from '../lib/ports/queue-consumer.port';
import { QueueDriver } from '../lib/queue-driver';

/**
 * What every queue adapter must do, run against each of them (in-memory in a unit spec, BullMQ against the
 * real Redis in an integration spec): the port's promises are the same whichever driver is configured.
 */
export function queueContract(name: string, makeDriver: () => Promise<QueueDriver>): void {
  describe(`queue contract: ${name}`, () => {
    let driver: QueueDriver;
    const consumptions: Consumption[] = [];

    beforeEach(async () => {
      driver = await makeDriver();
    });

    afterEach(async () => {
      await Promise.all(consumptions.splice(0).map((c) => c.close(1_000)));
      await driver.close();
    });

    function consume(
      queues: { name: string; weight: number }[],
      handler: (m: ConsumedMessage<unknown>) => Promise<void>,
      concurrency = 1,
    ) {
      const consumption = driver.consumer.consume(queues, handler, { concurrency });
      consumptions.push(consumption);
      return consumption;
    }

    it('delivers a copy of the payload, never from inside publish', async () => {
      const seen: ConsumedMessage<unknown>[] = [];
      consume([{ name: 'q', weight: 1 }], async (m) => void seen.push(m));
      const payload = { a: 1, nested: { b: ['x'] } };
      // Whether the handler or the publisher's continuation runs first is a race on a networked broker;
      // what every driver promises is that publish itself returns before any handler runs.
      const publishing = driver.publisher.publish('q', payload, { messageId: 'm1' });
      expect(seen).toEqual([]);
      await publishing;
      await waitFor(
        () => seen.length,
        (n) => n === 1,
        { what: 'delivery' },
      );
      expect(seen[0]).toMatchObject({ id: 'm1', queue: 'q', payload, delivery: 1 });
      expect(seen[0].signal.aborted).toBe(false);
    });

    it('ignores a second publish of an id that is still pending', async () => {
      await driver.publisher.publish('q', { n: 1 }, { messageId: 'dup' });
      await driver.publisher.publish('q', { n: 2 }, { messageId: 'dup' });
      expect((await driver.inspector.depths(['q']))[0].waiting).toBe(1);
      const seen: unknown[] = [];
      consume([{ name: 'q', weight: 1 }], async (m) => void seen.push(m.payload));
      await waitFor(
        () => seen.length,
        (n) => n >= 1,
      );
      await sleep(300);
      expect(seen).toEqual([{ n: 1 }]);
    });

    it('takes higher priority first within a queue', async () => {
      for (const [id, priority] of [
        ['low', 1],
        ['high', 10],
        ['mid', 5],
      ] as const) {
        await driver.publisher.publish('q', { id }, { messageId: id, priority });
      }
      const order: string[] = [];
      consume([{ name: 'q', weight: 1 }], async (m) => void order.push(m.id));
      await waitFor(
        () => order.length,
        (n) => n === 3,
      );
      expect(order).toEqual(['high', 'mid', 'low']);
    });

    it('serves the heavier queue first when both have messages', async () => {
      for (let i = 0; i < 3; i++) {
        await driver.publisher.publish('light', {}, { messageId: `l${i}` });
        await driver.publisher.publish('heavy', {}, { messageId: `h${i}` });
      }
      const order: string[] = [];
      consume(
        [
          { name: 'light', weight: 1 },
          { name: 'heavy', weight: 10 },
        ],
        async (m) => void order.push(m.queue),
      );
      await waitFor(
        () => order.length,
        (n) => n === 6,
      );
      expect(order.slice(0, 3)).toEqual(['heavy', 'heavy', 'heavy']);
    });

    it('holds a delayed message back until its time', async () => {
      const seenAt: number[] = [];
      const start = Date.now();
      consume([{ name: 'q', weight: 1 }], async () => void seenAt.push(Date.now()));
      await driver.publisher.publish('q', {}, { messageId: 'later', delayMs: 800 });
      expect((await driver.inspector.depths(['q']))[0].delayed).toBe(1);
      await waitFor(
        () => seenAt.length,
        (n) => n === 1,
      );
      expect(seenAt[0] - start).toBeGreaterThanOrEqual(750);
    });

    it('redelivers after a failure while attempts remain, then counts it failed', async () => {
      const deliveries: number[] = [];
      consume([{ name: 'q', weight: 1 }], async (m) => {
        deliveries.push(m.delivery);
        throw new Error('boom');
      });
      await driver.publisher.publish('q', {}, { messageId: 'flaky', attempts: 2, backoffMs: 100 });
      await waitFor(
        () => driver.inspector.depths(['q']),
        ([d]) => d.failed === 1,
        { what: 'failed count' },
      );
      expect(deliveries).toEqual([1, 2]);
      expect(await driver.inspector.isPending('q', 'flaky')).toBe(false);
    });

    it('tells when the oldest pending message was published', async () => {
      expect(await driver.inspector.oldestPendingAt('q')).toBeNull();
      const before = Date.now();
      await driver.publisher.publish('q', {}, { messageId: 'old', delayMs: 60_000 });
      await sleep(20);
      await driver.publisher.publish('q', {}, { messageId: 'new' });
      const oldest = (await driver.inspector.oldestPendingAt('q'))?.getTime() ?? 0;
      expect(oldest).toBeGreaterThanOrEqual(before - 5);
      expect(oldest).toBeLessThan(before + 15);
      await driver.publisher.remove('q', 'old');
      expect((await driver.inspector.oldestPendingAt('q'))?.getTime()).toBeGreaterThanOrEqual(before + 15);
      await driver.publisher.remove('q', 'new');
      expect(await driver.inspector.oldestPendingAt('q')).toBeNull();
    });

    it('withdraws a waiting message but not one being handled', async () => {
      await driver.publisher.publish('q', {}, { messageId: 'gone' });
      expect(await driver.inspector.isPending('q', 'gone')).toBe(true);
      expect(await driver.publisher.remove('q', 'gone')).toBe(true);
      expect(await driver.inspector.isPending('q', 'gone')).toBe(false);
      expect(await driver.publisher.remove('q', 'never-published')).toBe(false);

      let release!: () => void;
      const started = new Promise<void>((resolve) => {
        consume([{ name: 'q', weight: 1 }], async () => {
          resolve();
          await new Promise<void>((r) => (release = r));
        });
      });
      await driver.publisher.publish('q', {}, { messageId: 'busy' });
      await started;
      expect(await driver.publisher.remove('q', 'busy')).toBe(false);
      expect(await driver.inspector.isPending('q', 'busy')).toBe(true);
      release();
      await waitFor(
        () => driver.inspector.isPending('q', 'busy'),
        (pending) => !pending,
      );
    });

    it('lets close() finish messages in hand within the grace period', async () => {
      const done: string[] = [];
      const consumption = consume([{ name: 'q', weight: 1 }], async (m) => {
        await sleep(300);
        done.push(m.id);
      });
      await driver.publisher.publish('q', {}, { messageId: 'slow' });
      await waitFor(
        () => driver.inspector.depths(['q']),
        ([d]) => d.active === 1,
      );
      await consumption.close(5_000);
      expect(done).toEqual(['slow']);
      expect((await driver.inspector.depths(['q']))[0]).toMatchObject({ waiting: 0, active: 0 });
    });

    it('hands unfinished messages back after the grace period, aborting their handlers', async () => {
      let signal: AbortSignal | undefined;
      const first = consume([{ name: 'q', weight: 1 }], async (m) => {
        signal = m.signal;
        await new Promise((resolve) => m.signal.addEventListener('abort', resolve, { once: true }));
      });
      await driver.publisher.publish('q', { job: 1 }, { messageId: 'stuck' });
      await waitFor(
        () => signal,
        (s) => s !== undefined,
      );
      await first.close(200);
      expect(signal?.aborted).toBe(true);
      const redelivered: string[] = [];
      consume([{ name: 'q', weight: 1 }], async (m) => void redelivered.push(m.id));
      await waitFor(
        () => redelivered,
        (ids) => ids.length === 1,
        { what: 'redelivery to the next consumer' },
      );
      expect(redelivered).toEqual(['stuck']);
    });

    it('records cancellation requests per run', async () => {
      expect(await driver.cancellation.isRequested('job-1.1')).toBe(false);
      await driver.cancellation.request('job-1.1');
      expect(await driver.cancellation.isRequested('job-1.1')).toBe(true);
      expect(await driver.cancellation.isRequested('job-1.2')).toBe(false);
    });

    it('delivers notifications to the subscribers of a topic until they unsubscribe', async () => {
      const got: string[] = [];
      const other: string[] = [];
      const unsubscribe = await driver.notifications.subscribe('job:1', (m) => got.push(m));
      await driver.notifications.subscribe('job:2', (m) => other.push(m));
      await driver.notifications.publish('job:1', 'changed');
      await waitFor(
        () => got,
        (g) => g.length === 1,
      );
      expect(got).toEqual(['changed']);
      await unsubscribe();
      await driver.notifications.publish('job:1', 'again');
      await driver.notifications.publish('job:2', 'elsewhere');
      await waitFor(
        () => other,
        (o) => o.length === 1,
      );
      expect(got).toEqual(['changed']);
    });

    it('answers a ping', async () => {
      await expect(driver.inspector.ping()).resolves.toBeUndefined();
    });

    describe('trace context', () => {
      const spans = recordSpans();
      const tracer = trace.getTracer('contract');
      const named = (name: string) => spans.getFinishedSpans().filter((s) => s.name === name);

      beforeEach(() => spans.reset());

      it('runs the handler in the publisher’s trace, on every delivery, without touching the payload', async () => {
        const seen: { payload: unknown; spanId: string | undefined }[] = [];
        consume([{ name: 'q', weight: 1 }], async (m) => {
          seen.push({ payload: m.payload, spanId: trace.getActiveSpan()?.spanContext().spanId });
          if (m.delivery === 1) throw new Error('first delivery fails');
        });
        const request = await tracer.startActiveSpan('request', async (span) => {
          await driver.publisher.publish('q', { a: 1 }, { messageId: 't1', attempts: 2, backoffMs: 50 });
          span.end();
          return span.spanContext();
        });
        await waitFor(
          () => named('process q').length,
          (n) => n === 2,
          { what: 'two consumer spans' },
        );
        const [publish] = named('publish q');
        expect(publish.kind).toBe(SpanKind.PRODUCER);
        expect(publish.spanContext().traceId).toBe(request.traceId);
        expect(publish.parentSpanContext?.spanId).toBe(request.spanId);
        const processes = named('process q');
        for (const process of processes) {
          expect(process.kind).toBe(SpanKind.CONSUMER);
          expect(process.spanContext().traceId).toBe(request.traceId);
          expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
        }
        expect(processes.map((p) => p.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
        expect(seen.map((s) => s.spanId)).toEqual(processes.map((p) => p.spanContext().spanId));
        expect(seen.map((s) => s.payload)).toEqual([{ a: 1 }, { a: 1 }]);
      });

      it('continues the trace given with the message when it is no longer the active one', async () => {
        const { carrier, origin } = tracer.startActiveSpan('create', (span) => {
          span.end();
          return { carrier: activeTraceCarrier(), origin: span.spanContext() };
        });
        const traceIds: (string | undefined)[] = [];
        consume(
          [{ name: 'q', weight: 1 }],
          async () => void traceIds.push(trace.getActiveSpan()?.spanContext().traceId),
        );
        await driver.publisher.publish('q', {}, { messageId: 't2', trace: carrier });
        await waitFor(
          () => traceIds.length,
          (n) => n === 1,
        );
        expect(traceIds).toEqual([origin.traceId]);
        expect(named('publish q')[0].parentSpanContext?.spanId).toBe(origin.spanId);
      });
    });
  });
}
