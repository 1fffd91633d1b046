import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what the current piece of work is about; every log line carries it. */
export interface LogContext {
  readonly correlationId?: string;
  readonly jobId?: string;
  readonly tenantId?: string;
  readonly attempt?: number;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` merged over the current one, for everything `fn` awaits. */
export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** Runs `fn` with no context at all (see runDetached). */
export function runWithoutContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentContext(): LogContext {
  return storage.getStore() ?? {};
}
