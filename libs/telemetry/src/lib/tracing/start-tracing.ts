import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  NoopSpanProcessor,
  ParentBasedSampler,
  Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { Env, hostedByEmbeddedLauncher } from '@validahub/config';
import { spanExportRequested } from './exporter-env';

export interface TracingOptions {
  /** `service.name` of the spans, unless OTEL_SERVICE_NAME says otherwise. */
  readonly serviceName: string;
  /** The OTEL_* variables (the SDK reads the exporter's own settings from the process environment). */
  readonly env: Env;
}

// Process-wide, like the in-memory broker: the embedded launcher loads the three bundles into one process,
// each with its own copy of this lib, and only the first may start the SDK.
const SDK_KEY = Symbol.for('validahub.telemetry.tracing-sdk');
const processGlobals = globalThis as { [SDK_KEY]?: NodeSDK };

// Probes and scrapes arrive every few seconds, and every gateway polls the API-key revocation feed
// (API_KEY_REVOCATIONS_ROUTE of job-contracts, spelled out here: importing job-contracts would load Nest
// before the instrumentations are in place) several times a second: they would bury the traces worth reading.
const UNTRACED_PATHS = /^\/(health\/|metrics(\?|$)|internal\/v1\/api-keys\/revocations(\?|$))/;

/** Whether an incoming request's URL (path and query) is left untraced. */
export function isUntracedUrl(url: string): boolean {
  return UNTRACED_PATHS.test(url);
}

/**
 * Starts OpenTelemetry tracing for this process: W3C context propagation, spans for HTTP in and out (fetch
 * included), Express, Nest, Postgres and Redis. Spans are exported only when the OTEL_* variables ask for an
 * exporter; otherwise they are still made, so that log lines carry trace ids. OTEL_SDK_DISABLED=true turns it
 * all off. Must run before the instrumented packages are loaded: each app's `instrument.ts`, imported first.
 */
export function startTracing({ serviceName, env }: TracingOptions): void {
  if (processGlobals[SDK_KEY]) return;
  // The embedded launcher hosts all three services in this process: its spans are the platform's.
  const defaultName = hostedByEmbeddedLauncher() ? 'validahub' : serviceName;
  const exporting = spanExportRequested(env);
  const sdk = new NodeSDK({
    // OTEL_TRACES_SAMPLER, when set, is the SDK's to read; otherwise see defaultSampler.
    sampler: env['OTEL_TRACES_SAMPLER'] ? undefined : defaultSampler(exporting),
    // The SDK would let this option win over OTEL_SERVICE_NAME; the variable must win.
    serviceName: env['OTEL_SERVICE_NAME'] ? undefined : defaultName,
    // Undefined: the SDK builds the exporter(s) from OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_*.
    spanProcessors: exporting ? undefined : [new NoopSpanProcessor()],
    // Metrics are prom-client's (`/metrics`), logs are pino's (stdout): the SDK's OTLP defaults for both
    // would only retry sending to a collector nobody configured.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isUntracedUrl(request.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Polling loops (dispatcher, queue fetches, lock renewals) would each start a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  processGlobals[SDK_KEY] = sdk;
}

/** One root trace in ten is recorded when spans are exported. */
export const DEFAULT_TRACE_RATIO = 0.1;

/**
 * Without OTEL_TRACES_SAMPLER: a request that arrives with a sampled trace stays sampled (parent-based);
 * a trace this service starts is recorded one time in ten when spans are exported, and never when nothing
 * would export them. Unrecorded spans still carry trace and span ids, so every log line keeps its
 * `trace_id` and the context still crosses every service; they just cost almost nothing.
 */
function defaultSampler(exporting: boolean): Sampler {
  return new ParentBasedSampler({
    root: exporting ? new TraceIdRatioBasedSampler(DEFAULT_TRACE_RATIO) : new AlwaysOffSampler(),
  });
}

/** Exports the spans still buffered; a service calls it last thing before it exits. */
export async function stopTracing(): Promise<void> {
  const sdk = processGlobals[SDK_KEY];
  processGlobals[SDK_KEY] = undefined;
  await sdk?.shutdown();
}
