import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Ids of the active span in the log field names (`trace_id`, `span_id`); empty outside any span. */
export function activeSpanIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}
