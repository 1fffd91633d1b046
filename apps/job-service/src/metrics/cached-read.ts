/**
 * `read` at most once per `ttlMs`; callers in between (several Prometheus replicas scraping) share the last
 * result or the read in flight. A failed read is forgotten at once, so the next caller tries again.
 */
export function cachedRead<T>(read: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { readonly at: number; readonly value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      const entry = { at: now, value: read() };
      last = entry;
      entry.value.catch(() => {
        if (last === entry) last = undefined;
      });
    }
    return last.value;
  };
}
