import { schemaErrors, unknownFieldErrors } from './support/k8s-schema';
import { Container, find, K8sObject, kustomizeBuild } from './support/k8s-objects';
import { platformProblems, PlatformExpectations } from './support/platform-checks';

// Each check must be able to fail: every mistake below is made on a copy of the dev overlay's rendering
// (which passes, see kustomize.spec.ts) and must be reported.

const DEV: PlatformExpectations = {
  namespace: 'validahub-dev',
  externalSecrets: [],
  filesAccessMode: 'ReadWriteOnce',
  scaledWorkers: true,
  scrapeAnnotations: true,
  prometheus: { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } },
  tracing: false,
};

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the dev rendering has no ${what}`);
  return value;
}

const deployment = (o: K8sObject[], name: string) => must(find(o, 'Deployment', name), `Deployment ${name}`);
const container = (o: K8sObject[], name: string): Container =>
  deployment(o, name).spec.template.spec.containers[0];
const env = (o: K8sObject[], name: string) => must(container(o, name).env, `env of ${name}`);
const probe = (o: K8sObject[], name: string, kind: 'livenessProbe' | 'readinessProbe') =>
  must(container(o, name)[kind]?.httpGet, `${kind} of ${name}`);
const one = (o: K8sObject[], kind: string) =>
  must(
    o.find((x) => x.kind === kind),
    kind,
  );
const trigger = (o: K8sObject[]) => one(o, 'ScaledObject').spec.triggers[0];
const podAnnotations = (o: K8sObject[], name: string): Record<string, string> =>
  deployment(o, name).spec.template.metadata.annotations;
const ingressPaths = (o: K8sObject[]): { path: string }[] => one(o, 'Ingress').spec.rules[0].http.paths;
const policyPeers = (o: K8sObject[]): unknown[] => one(o, 'NetworkPolicy').spec.ingress[0].from;

function configOf(o: K8sObject[], name: string): Record<string, string> {
  const ref = container(o, name).envFrom?.[0]?.configMapRef?.name ?? '';
  return must(find(o, 'ConfigMap', ref)?.data, `ConfigMap of ${name}`);
}

function withoutEnv(o: K8sObject[], name: string, variable: string): void {
  container(o, name).env = env(o, name).filter((e) => e.name !== variable);
}

const MISTAKES: [string, (objects: K8sObject[]) => void, RegExp][] = [
  [
    'a variable no app reads',
    (o) => env(o, 'api-gateway').push({ name: 'GATEWAY_PORT', value: '1' }),
    /sets GATEWAY_PORT, which api-gateway does not read/,
  ],
  [
    'a misspelt ConfigMap key',
    (o) => (configOf(o, 'csv-worker').WORKER_CONCURENCY = '4'),
    /sets WORKER_CONCURENCY, which csv-worker does not read/,
  ],
  [
    'a required variable missing',
    (o) => withoutEnv(o, 'api-gateway', 'ADMIN_TOKEN'),
    /ADMIN_TOKEN is required by api-gateway/,
  ],
  [
    'a Secret key that does not exist',
    (o) =>
      (env(o, 'job-service')[0].valueFrom = {
        secretKeyRef: {
          name: env(o, 'job-service')[0].valueFrom?.secretKeyRef?.name ?? '',
          key: 'DATABASE_URI',
        },
      }),
    /has no key DATABASE_URI/,
  ],
  [
    'a probe on a path the app does not serve',
    (o) => (probe(o, 'job-service', 'readinessProbe').path = '/healthz'),
    /readinessProbe path \/healthz is not a GET route of job-service/,
  ],
  [
    'the gateway ready only when every dependency is',
    (o) => (probe(o, 'api-gateway', 'readinessProbe').path = '/health/ready'),
    /readinessProbe path \/health\/ready; expected \/health\/live/,
  ],
  [
    'a liveness probe that checks dependencies',
    (o) => (probe(o, 'csv-worker', 'livenessProbe').path = '/health/ready'),
    /livenessProbe path \/health\/ready; expected \/health\/live/,
  ],
  [
    'a container port the app does not listen on',
    (o) => (must(container(o, 'job-service').ports, 'ports')[0].containerPort = 8080),
    /containerPort "http" 8080 is not the port job-service listens on/,
  ],
  [
    'PORT moved without the probes',
    (o) => (configOf(o, 'csv-worker').PORT = '4000'),
    /livenessProbe port http is not the port csv-worker listens on \(4000\)/,
  ],
  [
    'a probe on an undeclared port name',
    (o) => (probe(o, 'api-gateway', 'livenessProbe').port = 'web'),
    /livenessProbe port web is not the port/,
  ],
  ['a worker without Redis', (o) => (container(o, 'csv-worker').env = []), /REDIS_URL is not set/],
  [
    'a gateway without Redis for its rate limits',
    (o) =>
      (container(o, 'api-gateway').env = container(o, 'api-gateway').env?.filter(
        (e) => e.name !== 'REDIS_URL',
      )),
    /count the rate limits on its own/,
  ],
  [
    'queue prefixes that differ',
    (o) => (configOf(o, 'csv-worker').QUEUE_PREFIX = 'other'),
    /QUEUE_PREFIX differs/,
  ],
  [
    'the internal token on one side only',
    (o) => withoutEnv(o, 'api-gateway', 'INTERNAL_TOKEN'),
    /INTERNAL_TOKEN differs/,
  ],
  [
    'files outside the shared volume',
    (o) => (configOf(o, 'csv-worker').STORAGE_LOCAL_ROOT = '/srv/files'),
    /STORAGE_LOCAL_ROOT \/srv\/files is not a mounted PersistentVolumeClaim/,
  ],
  [
    'a files volume of the wrong access mode',
    (o) => (one(o, 'PersistentVolumeClaim').spec.accessModes = ['ReadOnlyMany']),
    /must be ReadWriteOnce/,
  ],
  [
    'a worker killed before its tasks end',
    (o) => (deployment(o, 'csv-worker').spec.template.spec.terminationGracePeriodSeconds = 240),
    /must exceed TASK_HARD_TIME_LIMIT_MS/,
  ],
  [
    'a worker whose SHUTDOWN_GRACE_MS outlasts its pod',
    (o) => (configOf(o, 'csv-worker').SHUTDOWN_GRACE_MS = '330000'),
    /Deployment\/csv-worker: terminationGracePeriodSeconds must cover preStop \+ the app's 375 s shutdown/,
  ],
  [
    'a gateway killed during its drain',
    (o) => (deployment(o, 'api-gateway').spec.template.spec.terminationGracePeriodSeconds = 30),
    /must cover preStop \+ the app's 60 s shutdown/,
  ],
  [
    'a worker memory limit below its task threads',
    (o) =>
      (container(o, 'csv-worker').resources = {
        requests: { cpu: '1', memory: '1Gi' },
        limits: { memory: '1Gi' },
      }),
    /memory limit 1Gi is below/,
  ],
  [
    'replicas fighting the autoscaler',
    (o) => (deployment(o, 'api-gateway').spec.replicas = 3),
    /Deployment\/api-gateway: sets replicas/,
  ],
  [
    'a service without resources',
    (o) => delete container(o, 'job-service').resources,
    /resources need cpu and memory requests/,
  ],
  [
    'an image without a version',
    (o) => (container(o, 'api-gateway').image = 'validahub/api-gateway:latest'),
    /needs an explicit version tag/,
  ],
  [
    'a pod that may run as root',
    (o) => delete deployment(o, 'job-service').spec.template.spec.securityContext,
    /runAsNonRoot/,
  ],
  [
    'a cooldown shorter than a task',
    (o) => (one(o, 'ScaledObject').spec.cooldownPeriod = 60),
    /cooldownPeriod and scaleDown stabilizationWindowSeconds must exceed the longest task \(300 s\)/,
  ],
  [
    'a scale-down stabilization as long as a task',
    (o) =>
      (one(
        o,
        'ScaledObject',
      ).spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds = 300),
    /cooldownPeriod and scaleDown stabilizationWindowSeconds must exceed the longest task \(300 s\)/,
  ],
  [
    'KEDA reading a field the endpoint lacks',
    (o) => (trigger(o).metadata.valueLocation = 'waiting'),
    /valueLocation waiting is not a field of \/internal\/v1\/stats\/runnable/,
  ],
  [
    'KEDA polling a route that does not exist',
    (o) =>
      (trigger(o).metadata.url =
        'http://job-service.validahub-dev.svc.cluster.local:3001/internal/v1/stats/depth'),
    /\/internal\/v1\/stats\/depth is not a GET route/,
  ],
  [
    'KEDA calling a short host name',
    (o) => (trigger(o).metadata.url = 'http://job-service:3001/internal/v1/stats/runnable'),
    /must be <service>.validahub-dev.svc.cluster.local/,
  ],
  [
    'KEDA calling another namespace',
    (o) =>
      (trigger(o).metadata.url =
        'http://job-service.validahub.svc.cluster.local:3001/internal/v1/stats/runnable'),
    /must be <service>.validahub-dev.svc.cluster.local/,
  ],
  [
    'KEDA calling the wrong port',
    (o) =>
      (trigger(o).metadata.url =
        'http://job-service.validahub-dev.svc.cluster.local:3000/internal/v1/stats/runnable'),
    /port 3000 of Service job-service does not reach job-service's port/,
  ],
  [
    'KEDA sending the token in another header',
    (o) => (trigger(o).metadata.keyParamName = 'x-api-key'),
    /keyParamName x-internal-token/,
  ],
  [
    'KEDA authenticating with another secret key',
    (o) => (one(o, 'TriggerAuthentication').spec.secretTargetRef[0].key = 'ADMIN_TOKEN'),
    /apiKey from the job-service's INTERNAL_TOKEN/,
  ],
  [
    'a Value metric (no division by replicas)',
    (o) => (trigger(o).metricType = 'Value'),
    /metricType must be AverageValue/,
  ],
  [
    'the job-service exposed outside the cluster',
    (o) => (must(find(o, 'Service', 'job-service'), 'Service').spec.type = 'LoadBalancer'),
    /the job-service is internal \(ClusterIP\), not LoadBalancer/,
  ],
  [
    'an Ingress to the job-service',
    (o) => (one(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.name = 'job-service'),
    /routes to job-service, which is not the gateway's Service/,
  ],
  [
    'a proxy limit below the upload limit',
    (o) =>
      (one(o, 'Ingress').metadata.annotations = { 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' }),
    /proxy-body-size 10m must exceed MAX_FILE_SIZE/,
  ],
  [
    'the gateway calling the job-service on a wrong port',
    (o) => (configOf(o, 'api-gateway').JOB_SERVICE_URL = 'http://job-service:3000'),
    /JOB_SERVICE_URL: port 3000 of Service job-service/,
  ],
  [
    'migrations run again at start',
    (o) => (configOf(o, 'job-service').DATABASE_MIGRATIONS_RUN = 'true'),
    /DATABASE_MIGRATIONS_RUN must be false/,
  ],
  [
    'no migration before the job-service starts',
    (o) => delete deployment(o, 'job-service').spec.template.spec.initContainers,
    /migrations must run exactly once before the job-service rolls/,
  ],
  [
    'a task running an unknown subcommand',
    (o) =>
      (deployment(o, 'job-service').spec.template.spec.initContainers[0].command = [
        'node',
        'main.js',
        'seed',
      ]),
    /a task must run `node main.js <migrate>`/,
  ],
  [
    'a scrape annotation on another port than the app listens on',
    (o) => (podAnnotations(o, 'csv-worker')['prometheus.io/port'] = '3000'),
    /Deployment\/csv-worker: prometheus.io\/port 3000 is not the port csv-worker listens on \(3002\)/,
  ],
  [
    'PORT moved without the scrape annotation',
    (o) => (configOf(o, 'job-service').PORT = '4001'),
    /prometheus.io\/port 3001 is not the port job-service listens on \(4001\)/,
  ],
  [
    'a pod left out of the scrape',
    (o) => delete podAnnotations(o, 'api-gateway')['prometheus.io/scrape'],
    /Deployment\/api-gateway: needs prometheus.io\/scrape "true"/,
  ],
  [
    'a scrape of a path the apps do not serve',
    (o) => (podAnnotations(o, 'job-service')['prometheus.io/path'] = '/prometheus'),
    /prometheus.io\/path \/prometheus; the apps serve \/metrics/,
  ],
  [
    'an Ingress routing everything, /metrics included',
    (o) => (ingressPaths(o)[0].path = '/'),
    /Ingress\/api-gateway: routes \/metrics, which has no authentication/,
  ],
  [
    'an Ingress routing /metrics itself',
    (o) => ingressPaths(o).push({ ...ingressPaths(o)[0], path: '/metrics' }),
    /routes \/metrics, not one of the public paths/,
  ],
  [
    'an Ingress without the API docs',
    (o) => one(o, 'Ingress').spec.rules[0].http.paths.splice(1, 1),
    /Ingress\/api-gateway: does not route \/docs/,
  ],
  [
    'a NetworkPolicy that keeps Prometheus out',
    (o) => policyPeers(o).pop(),
    /Deployment\/job-service: a NetworkPolicy keeps Prometheus \(namespace monitoring/,
  ],
  [
    'a NetworkPolicy admitting Prometheus pods of another namespace',
    (o) =>
      ((policyPeers(o)[2] as any).namespaceSelector.matchLabels['kubernetes.io/metadata.name'] =
        'prometheus'),
    /a NetworkPolicy keeps Prometheus/,
  ],
  [
    'a NetworkPolicy that keeps the gateway out',
    (o) => policyPeers(o).shift(),
    /Deployment\/job-service: a NetworkPolicy keeps the gateway out/,
  ],
  [
    'a misspelt OpenTelemetry variable',
    (o) => (configOf(o, 'csv-worker').OTEL_TRACE_EXPORTER = 'otlp'),
    /sets OTEL_TRACE_EXPORTER, which csv-worker does not read/,
  ],
  [
    'one service exporting traces where none should',
    (o) => (configOf(o, 'job-service').OTEL_EXPORTER_OTLP_ENDPOINT = 'http://collector:4318'),
    /job-service: sets OTEL_EXPORTER_OTLP_ENDPOINT: exports traces where this rendering exports none/,
  ],
  [
    'a PodDisruptionBudget that selects nothing',
    (o) =>
      (must(find(o, 'PodDisruptionBudget', 'csv-worker'), 'PDB').spec.selector.matchLabels = {
        app: 'worker',
      }),
    /Deployment\/csv-worker: no PodDisruptionBudget/,
  ],
];

// With tracing on (the prod overlay plus components/otel, which passes in kustomize.spec.ts).
const TRACING_MISTAKES: [string, (objects: K8sObject[]) => void, RegExp][] = [
  [
    'a service reporting under another name',
    (o) => (configOf(o, 'api-gateway').OTEL_SERVICE_NAME = 'gateway'),
    /must report as OTEL_SERVICE_NAME=api-gateway/,
  ],
  [
    'a service exporting to another collector',
    (o) => (configOf(o, 'csv-worker').OTEL_EXPORTER_OTLP_ENDPOINT = 'http://other:4318'),
    /OTEL_EXPORTER_OTLP_ENDPOINT differs between the services/,
  ],
  [
    'a service that does not export',
    (o) => delete configOf(o, 'job-service').OTEL_EXPORTER_OTLP_ENDPOINT,
    /job-service: OTEL_EXPORTER_OTLP_ENDPOINT \(unset\) is not an http\(s\) URL/,
  ],
  [
    'an unknown protocol',
    (o) => (configOf(o, 'csv-worker').OTEL_EXPORTER_OTLP_PROTOCOL = 'grpcs'),
    /OTEL_EXPORTER_OTLP_PROTOCOL grpcs is not one of/,
  ],
  [
    'another exporter than the OTLP settings configure',
    (o) => (configOf(o, 'api-gateway').OTEL_TRACES_EXPORTER = 'zipkin'),
    /OTEL_TRACES_EXPORTER zipkin; the OTLP settings need otlp/,
  ],
];

const PROD_OTEL: PlatformExpectations = {
  ...DEV,
  namespace: 'validahub',
  externalSecrets: ['validahub-secrets'],
  filesAccessMode: 'ReadWriteMany',
  tracing: true,
};

describe('platform checks with tracing on', () => {
  let rendered: K8sObject[];
  beforeAll(() => {
    rendered = kustomizeBuild('k8s/test/fixtures/prod-otel');
  });

  it.each(TRACING_MISTAKES)('report %s', (_, mistake, reported) => {
    const objects = structuredClone(rendered);
    mistake(objects);
    expect(platformProblems(objects, PROD_OTEL).join('\n')).toMatch(reported);
  });
});

describe('platform checks on the dev overlay', () => {
  let rendered: K8sObject[];
  beforeAll(() => {
    rendered = kustomizeBuild('k8s/overlays/dev');
  });

  it.each(MISTAKES)('report %s', (_, mistake, reported) => {
    const objects = structuredClone(rendered);
    mistake(objects);
    expect(platformProblems(objects, DEV).join('\n')).toMatch(reported);
  });

  it('report schema violations', () => {
    const objects = structuredClone(rendered);
    container(objects, 'csv-worker').ports = [{ name: 'http', containerPort: 'http' as unknown as number }];
    expect(schemaErrors(objects).get('Deployment/csv-worker')?.join()).toMatch(
      /containerPort must be integer/,
    );
  });

  it('report fields the API does not define', () => {
    const objects = structuredClone(rendered);
    const worker = container(objects, 'csv-worker') as Container & Record<string, unknown>;
    worker.readinessProbes = worker.readinessProbe;
    one(objects, 'ScaledObject').spec.cooldownPerod = 400;
    const errors = unknownFieldErrors(objects).join('\n');
    expect(errors).toMatch(/Deployment\/csv-worker: .*'"readinessProbes"' does not exist/);
    expect(errors).toMatch(/ScaledObject\/csv-worker: .*'"cooldownPerod"' does not exist/);
  });

  it('report PodMonitor fields the operator does not define', () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, podMetricsEndpoints: [{ port: 3000, path: '/metrics' }] },
    };
    expect(schemaErrors([monitor]).get('PodMonitor/m')?.join()).toMatch(/port must be string/);
    const misspelt = { ...monitor, spec: { selector: {}, podMetricEndpoints: [{ port: 'http' }] } };
    expect(unknownFieldErrors([misspelt]).join()).toMatch(/'"podMetricEndpoints"' does not exist/);
  });

  it('report kinds that no schema knows', () => {
    const errors = schemaErrors([
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObjekt', metadata: { name: 'x' } },
    ]);
    expect(errors.get('ScaledObjekt/x')).toEqual(['no schema for keda.sh/v1alpha1 ScaledObjekt']);
  });
});
