import { Env } from '@validahub/config';

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Whether the standard OTEL_* variables ask for a span exporter. The SDK's own default (OTLP to
 * localhost:4318 when nothing is set) would make every service that was never told about a collector
 * retry exports forever; here tracing stays on (trace ids in the logs) but exports only when asked to.
 */
export function spanExportRequested(env: Env): boolean {
  const exporters = env['OTEL_TRACES_EXPORTER'];
  if (set(exporters)) return exporters.split(',').some((name) => !['none', 'null', ''].includes(name.trim()));
  return set(env['OTEL_EXPORTER_OTLP_ENDPOINT']) || set(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}
