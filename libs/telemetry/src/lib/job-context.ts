import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what the current piece of work is about; every log line carries it. */
export interface LogContext {
  readonly correlationId?: string;
  readonly jobId?: string;
  readonly tenantId?: string;
  readonly attempt?: number;
}

// Mutable only through addToContext; each runWithContext makes a store of its own.
const storage = new AsyncLocalStorage<{ -readonly [K in keyof LogContext]: LogContext[K] }>();

/** Runs `fn` with `context` merged over the current one, for everything `fn` awaits. */
export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/**
 * Adds what the current piece of work learns on its way (a request's tenant once it is authenticated, its
 * job once the route names one) to the context it already runs in, so everything logged from then on,
 * the request's own line included, carries it. A guard or a pipe cannot wrap the rest of the request in
 * runWithContext. Outside any context there is nothing to add to, and nothing happens.
 */
export function addToContext(context: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, context);
}

/** Runs `fn` with no context at all (see runDetached). */
export function runWithoutContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentContext(): LogContext {
  return storage.getStore() ?? {};
}
