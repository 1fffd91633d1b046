import { Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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
