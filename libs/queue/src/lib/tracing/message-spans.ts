import { Attributes, context, Link, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { activeTraceCarrier, contextFromCarrier, runInSpan, TraceCarrier } from '@validahub/telemetry';

const tracer = trace.getTracer('@validahub/queue');

export interface MessageIdentity {
  /** Messaging system, for the `messaging.system` attribute (`bullmq`, `in-memory`). */
  readonly system: string;
  readonly queue: string;
  readonly messageId: string;
}

function attributes({ system, queue, messageId }: MessageIdentity, operation: string): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': queue,
    'messaging.message.id': messageId,
    'messaging.operation.type': operation,
  };
}

/**
 * Sends from a `publish <queue>` producer span, a child of `parent` (or of the active trace), and hands
 * `send` the carrier of that span: the message then continues the trace wherever it is consumed.
 */
export function publishInSpan(
  message: MessageIdentity,
  parent: TraceCarrier | undefined,
  send: (carrier: TraceCarrier | undefined) => Promise<void>,
): Promise<void> {
  const parentContext = parent ? contextFromCarrier(parent) : context.active();
  return tracer.startActiveSpan(
    `publish ${message.queue}`,
    { kind: SpanKind.PRODUCER, attributes: attributes(message, 'send') },
    parentContext,
    (span) => runInSpan(span, () => send(activeTraceCarrier())),
  );
}

/**
 * `publishInSpan` for many messages sent in one go: a producer span each (a child of the message's own
 * `parent`), all ended when `send`, handed each message's carrier in order, settles.
 */
export async function publishAllInSpans(
  messages: readonly { readonly identity: MessageIdentity; readonly parent: TraceCarrier | undefined }[],
  send: (carriers: readonly (TraceCarrier | undefined)[]) => Promise<void>,
): Promise<void> {
  const spans = messages.map(({ identity, parent }) =>
    tracer.startSpan(
      `publish ${identity.queue}`,
      { kind: SpanKind.PRODUCER, attributes: attributes(identity, 'send') },
      parent ? contextFromCarrier(parent) : context.active(),
    ),
  );
  const carriers = spans.map((span) =>
    context.with(trace.setSpan(context.active(), span), activeTraceCarrier),
  );
  try {
    await send(carriers);
  } catch (error) {
    for (const span of spans) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : undefined,
      });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Handles a message inside a `process <queue>` consumer span that continues the trace it carried. */
export function processInSpan<T>(
  message: MessageIdentity & { readonly delivery: number },
  carrier: TraceCarrier | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `process ${message.queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...attributes(message, 'process'), 'validahub.delivery': message.delivery },
    },
    contextFromCarrier(carrier),
    (span) => runInSpan(span, handle),
  );
}

export interface StreamIdentity {
  /** Messaging system, for the `messaging.system` attribute (`redis`, `in-memory`). */
  readonly system: string;
  readonly stream: string;
}

// The SDK keeps at most 128 links per span by default; computing more would be wasted work.
const MAX_BATCH_LINKS = 128;

function streamAttributes({ system, stream }: StreamIdentity, operation: string, count: number): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': stream,
    'messaging.operation.type': operation,
    'messaging.batch.message_count': count,
  };
}

/**
 * Appends from one `publish <stream>` producer span, a child of the active trace, and hands `send` that
 * span's carrier for the entries that name no trace of their own.
 */
export function appendInSpan(
  target: StreamIdentity,
  count: number,
  send: (carrier: TraceCarrier | undefined) => Promise<void>,
): Promise<void> {
  return tracer.startActiveSpan(
    `publish ${target.stream}`,
    { kind: SpanKind.PRODUCER, attributes: streamAttributes(target, 'send', count) },
    (span) => runInSpan(span, () => send(activeTraceCarrier())),
  );
}

/**
 * Handles a batch inside one `process <stream>` consumer span. A batch spans many traces, so the span
 * starts a trace of its own and links to each entry's context (OpenTelemetry's shape for batch receive)
 * rather than adopting one entry's trace as its parent.
 */
export function processBatchInSpan<T>(
  source: StreamIdentity & { readonly group: string },
  carriers: readonly (TraceCarrier | undefined)[],
  handle: () => Promise<T>,
): Promise<T> {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const carrier of carriers) {
    if (links.length === MAX_BATCH_LINKS) break;
    const parent = carrier?.['traceparent'];
    if (!carrier || !parent || seen.has(parent)) continue;
    seen.add(parent);
    const linked = trace.getSpanContext(contextFromCarrier(carrier));
    if (linked) links.push({ context: linked });
  }
  return tracer.startActiveSpan(
    `process ${source.stream}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...streamAttributes(source, 'process', carriers.length),
        'messaging.consumer.group.name': source.group,
      },
      links,
    },
    ROOT_CONTEXT,
    (span) => runInSpan(span, handle),
  );
}
