const FLAG = Symbol.for('validahub.embedded-launcher');

/**
 * True when `npm start`'s launcher loaded this service's bundle to host it in its own process (with the
 * other two services and the embedded Postgres). The launcher then calls `bootstrap(env)` itself with the
 * service's own environment, instead of the bundle starting from `process.env`.
 */
export function hostedByEmbeddedLauncher(): boolean {
  return (globalThis as Record<symbol, unknown>)[FLAG] === true;
}

/** A service's entry point: runs `main` unless the embedded launcher hosts it; a start-up error exits 1. */
export function runAsProgram(main: () => Promise<unknown>): void {
  if (hostedByEmbeddedLauncher()) return;
  main().catch((error: unknown) => {
    // Config errors are already a readable list; anything else gets its stack.
    process.stderr.write(
      `${error instanceof Error ? (error.name === 'ConfigError' ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
    );
    process.exit(1);
  });
}
