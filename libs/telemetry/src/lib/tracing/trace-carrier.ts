import { context, Context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * A trace context in its W3C wire form (`traceparent`, plus `tracestate` when there is one): what a queue
 * message or a job row carries so that work done later, or in another process, joins the same trace.
 */
export type TraceCarrier = Readonly<Record<string, string>>;

/** The active trace context as a carrier; undefined outside any trace (or with tracing disabled). */
export function activeTraceCarrier(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/**
 * The context a carrier describes, on top of the root context: whatever happens to be active where the
 * message is handled (a polling loop's leftovers) must not become its parent. No carrier, no parent.
 */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/**
 * Runs `work` in the trace a carrier names (a message's, handled inside a batch of others): its log lines
 * then carry that trace's ids. Without a carrier, in the active context.
 */
export function inCarrierContext<T>(carrier: TraceCarrier | undefined, work: () => T): T {
  return carrier ? context.with(contextFromCarrier(carrier), work) : work();
}
