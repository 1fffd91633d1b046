import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One service's metrics, served in Prometheus text format at `/metrics`, with the process metrics
 * (CPU, memory, event-loop lag, GC) included. A registry of its own rather than prom-client's global one:
 * the embedded launcher hosts the three services in one process, and each must expose only its own.
 */
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this });
  }
}
