/**
 * The value of one series in a Prometheus text exposition: the sample of `name` whose labels are exactly
 * `labels` (in any order); 0 when there is none, as for a counter that has not moved yet.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (sample?.[1] !== name) continue;
    // Label values here never contain commas (routes, codes, queue names), so a split is enough.
    const found = (sample[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (found === wanted) return Number(sample[3]);
  }
  return 0;
}
