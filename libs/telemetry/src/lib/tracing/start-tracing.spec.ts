import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { runDetached } from '../detached';
import { currentContext, runWithContext } from '../job-context';
import { createJsonLogger } from '../json-logger';
import { startTracing, stopTracing } from './start-tracing';
import { activeTraceCarrier, contextFromCarrier } from './trace-carrier';

// The real SDK start, as each service's instrument.ts does it, with no exporter configured.
describe('tracing as the services start it (no exporter configured)', () => {
  beforeAll(() => startTracing({ serviceName: 'telemetry-spec', env: {} }));
  afterAll(() => stopTracing());

  it('still makes real spans, so log lines carry trace and span ids', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createJsonLogger(
      'telemetry-spec',
      'info',
      new Writable({
        write(chunk, _enc, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    const ids = trace.getTracer('spec').startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe('0'.repeat(32));
    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('carries the active context through a W3C carrier and back', () => {
    expect(activeTraceCarrier()).toBeUndefined();
    const { carrier, ids } = trace.getTracer('spec').startActiveSpan('publisher', (span) => {
      span.end();
      return { carrier: activeTraceCarrier(), ids: span.spanContext() };
    });
    // Not sampled (nothing is exported, so nothing is recorded), but the ids travel all the same.
    expect(carrier?.['traceparent']).toBe(`00-${ids.traceId}-${ids.spanId}-00`);
    const restored = trace.getSpanContext(contextFromCarrier(carrier));
    expect(restored).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId, isRemote: true });
    expect(trace.getSpanContext(contextFromCarrier(undefined))).toBeUndefined();
    expect(trace.getSpanContext(contextFromCarrier({ traceparent: 'garbage' }))).toBeUndefined();
  });

  it('detaches background work from the request that started it', async () => {
    const seen = await runWithContext({ correlationId: 'req-1' }, () =>
      trace.getTracer('spec').startActiveSpan('request', async (span) => {
        const inside = await new Promise<unknown[]>((resolve) =>
          setTimeout(() => resolve([trace.getActiveSpan(), currentContext().correlationId]), 1),
        );
        const detached = await new Promise<unknown[]>((resolve) =>
          setTimeout(
            () => runDetached(() => resolve([trace.getActiveSpan(), currentContext().correlationId])),
            1,
          ),
        );
        span.end();
        return { inside, detached };
      }),
    );
    expect(seen.inside[1]).toBe('req-1');
    expect(seen.inside[0]).toBeDefined();
    expect(seen.detached).toEqual([undefined, undefined]);
  });
});
