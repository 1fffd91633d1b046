import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const RECORDER_KEY = Symbol.for('validahub.testing.span-recorder');

/**
 * Keeps every span this test file ends, in memory: registers a tracer provider with W3C propagation and
 * AsyncLocalStorage context, the way the services' SDK does, minus the instrumentations and the exporter.
 * Once per test file (each has its own global scope); `reset()` the exporter between tests.
 */
export function recordSpans(): InMemorySpanExporter {
  const registry = globalThis as { [RECORDER_KEY]?: InMemorySpanExporter };
  if (!registry[RECORDER_KEY]) {
    const exporter = new InMemorySpanExporter();
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
    registry[RECORDER_KEY] = exporter;
  }
  return registry[RECORDER_KEY];
}
