import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { runWithoutContext } from './job-context';

/**
 * Runs background work outside the context of whatever triggered it: no correlation id, no trace. A timer
 * armed while handling a request inherits that request's context, so a loop that re-arms its own timer
 * would otherwise log with the request's correlation id, and add spans to its trace, for as long as the
 * process lives.
 */
export function runDetached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, () => runWithoutContext(fn));
}
