import { Span, SpanStatusCode } from '@opentelemetry/api';

/**
 * Runs `work` and ends `span` when it settles. A failure is recorded on the span (exception event, status
 * ERROR) and rethrown, so a trace shows where a job or a message went wrong.
 */
export async function runInSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  } finally {
    span.end();
  }
}
