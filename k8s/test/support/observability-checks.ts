import { AppContainer, effective, effectiveNumber } from './app-containers';
import { K8sObject, objectId } from './k8s-objects';
import { OTLP_RECEIVER } from './otel-env';
import { exportedString } from './ts-source';

// Metrics and traces: every service can be scraped on the port it listens on (annotations, PodMonitor,
// NetworkPolicy), and exports traces to one collector, or none does.

/** Where every service serves Prometheus text (libs/http-kit), read from the source. */
export const metricsPath = (): string =>
  exportedString('./libs/http-kit/src/lib/metrics/metrics-endpoint', 'METRICS_PATH');

export interface Peer {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics: an empty selector selects everything. */
function matches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    byLabel &&
    (selector?.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === 'In') return values.includes(labels[key]);
      if (operator === 'NotIn') return !values.includes(labels[key]);
      if (operator === 'Exists') return key in labels;
      if (operator === 'DoesNotExist') return !(key in labels);
      throw new Error(`label selector operator ${operator} is not modelled`);
    })
  );
}

/**
 * Whether the NetworkPolicies let `peer` open `port` of the target's pods: allowed when no policy selects
 * them, else when one of those that do admits it (policies add up).
 */
export function reachable(
  objects: readonly K8sObject[],
  target: AppContainer,
  peer: Peer,
  namespace: string,
): boolean {
  const port = target.container.ports?.find((p) => p.containerPort === effectiveNumber(target, 'PORT'));
  const policies = objects.filter(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      (o.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
      matches(o.spec?.podSelector, target.workload.labels),
  );
  const fromMatches = (from: any): boolean => {
    if (from.ipBlock) return false;
    const inNamespace = from.namespaceSelector
      ? matches(from.namespaceSelector, { 'kubernetes.io/metadata.name': peer.namespace })
      : peer.namespace === namespace;
    return inNamespace && (!from.podSelector || matches(from.podSelector, peer.labels));
  };
  return (
    policies.length === 0 ||
    policies.some((policy) =>
      (policy.spec?.ingress ?? []).some(
        (rule: any) =>
          (!rule.from?.length || rule.from.some(fromMatches)) &&
          (!rule.ports?.length ||
            rule.ports.some(
              (p: any) => p.port === undefined || [port?.name, port?.containerPort].includes(p.port),
            )),
      ),
    )
  );
}

function annotationProblems(c: AppContainer, expected: boolean, path: string): string[] {
  const annotations: Record<string, string> = c.workload.owner.spec?.template?.metadata?.annotations ?? {};
  const id = objectId(c.workload.owner);
  if (!expected)
    return Object.keys(annotations).some((k) => k.startsWith('prometheus.io/'))
      ? [`${id}: has prometheus.io/* annotations this rendering turned off`]
      : [];
  const problems: string[] = [];
  if (annotations['prometheus.io/scrape'] !== 'true')
    problems.push(`${id}: needs prometheus.io/scrape "true"`);
  const port = annotations['prometheus.io/port'];
  const listening = effectiveNumber(c, 'PORT');
  if (Number(port) !== listening)
    problems.push(
      `${id}: prometheus.io/port ${port} is not the port ${c.app.name} listens on (${listening})`,
    );
  if (annotations['prometheus.io/path'] !== path)
    problems.push(`${id}: prometheus.io/path ${annotations['prometheus.io/path']}; the apps serve ${path}`);
  return problems;
}

function podMonitorProblems(objects: readonly K8sObject[], c: AppContainer, path: string): string[] {
  const monitors = objects.filter((o) => o.kind === 'PodMonitor');
  if (monitors.length === 0) return [];
  const selecting = monitors.filter((m) => matches(m.spec?.selector, c.workload.labels));
  if (selecting.length === 0) return [`${objectId(c.workload.owner)}: no PodMonitor selects its pods`];
  return selecting.flatMap((m) =>
    (m.spec?.podMetricsEndpoints ?? []).flatMap((endpoint: any) => {
      const port = c.container.ports?.find((p) => p.name === endpoint.port)?.containerPort;
      const problems: string[] = [];
      if (port !== effectiveNumber(c, 'PORT'))
        problems.push(`${objectId(m)}: port ${endpoint.port} is not the port ${c.app.name} listens on`);
      if ((endpoint.path ?? '/metrics') !== path)
        problems.push(`${objectId(m)}: path ${endpoint.path}; the apps serve ${path}`);
      return problems;
    }),
  );
}

const EXPORT_SETTINGS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_TRACES_EXPORTER',
];

/** Traces cross all three services, so all of them export, to the same collector, or none does. */
function tracingProblems(services: AppContainer[], tracing: boolean): string[] {
  if (!tracing)
    return services.flatMap((c) =>
      EXPORT_SETTINGS.filter((name) => c.env.has(name)).map(
        (name) => `${c.where}: sets ${name}: exports traces where this rendering exports none`,
      ),
    );
  const problems: string[] = [];
  for (const c of services) {
    const endpoint = effective(c, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? '';
    if (!/^https?:\/\/[^/\s]+/.test(endpoint))
      problems.push(`${c.where}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint || '(unset)'} is not an http(s) URL`);
    const exporter = effective(c, 'OTEL_TRACES_EXPORTER');
    if (exporter !== undefined && exporter !== 'otlp')
      problems.push(`${c.where}: OTEL_TRACES_EXPORTER ${exporter}; the OTLP settings need otlp`);
    const protocol = effective(c, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
    if (!(protocol in OTLP_RECEIVER))
      problems.push(
        `${c.where}: OTEL_EXPORTER_OTLP_PROTOCOL ${protocol} is not one of ${Object.keys(OTLP_RECEIVER)}`,
      );
    if (effective(c, 'OTEL_SERVICE_NAME') !== c.app.name)
      problems.push(`${c.where}: must report as OTEL_SERVICE_NAME=${c.app.name}`);
  }
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const values = new Set(services.map((c) => effective(c, name)));
    if (values.size > 1) problems.push(`${name} differs between the services: ${[...values].join(', ')}`);
  }
  return problems;
}

export interface ObservabilityExpectations {
  /** prometheus.io/* annotations on the service pods (the chart can leave them out). */
  readonly scrapeAnnotations: boolean;
  /** The Prometheus pods that scrape /metrics, which NetworkPolicies must let in. */
  readonly prometheus?: Peer;
  /** Traces exported over OTLP by every service, or by none. */
  readonly tracing: boolean;
}

export function observabilityProblems(
  objects: readonly K8sObject[],
  containers: AppContainer[],
  namespace: string,
  expect: ObservabilityExpectations,
): string[] {
  const services = containers.filter((c) => c.role === 'service');
  const path = metricsPath();
  const problems = services.flatMap((c) => [
    ...annotationProblems(c, expect.scrapeAnnotations, path),
    ...podMonitorProblems(objects, c, path),
  ]);
  if (expect.prometheus)
    for (const c of services.filter((s) => !reachable(objects, s, expect.prometheus as Peer, namespace)))
      problems.push(
        `${objectId(c.workload.owner)}: a NetworkPolicy keeps Prometheus (namespace ${expect.prometheus.namespace}, labels ${JSON.stringify(expect.prometheus.labels)}) from ${path}`,
      );
  return [...problems, ...tracingProblems(services, expect.tracing)];
}
