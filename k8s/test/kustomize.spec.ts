import { schemaErrors, unknownFieldErrors } from './support/k8s-schema';
import { K8sObject, kustomizeBuild } from './support/k8s-objects';
import { platformProblems, PlatformExpectations } from './support/platform-checks';

// The Prometheus the base's NetworkPolicy admits (k8s/README.md).
const PROMETHEUS = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };

const PROD: PlatformExpectations = {
  namespace: 'validahub',
  externalSecrets: ['validahub-secrets'],
  filesAccessMode: 'ReadWriteMany',
  scaledWorkers: true,
  scrapeAnnotations: true,
  prometheus: PROMETHEUS,
  tracing: false,
};

const OVERLAYS: Record<string, PlatformExpectations> = {
  'k8s/overlays/dev': {
    namespace: 'validahub-dev',
    externalSecrets: [],
    filesAccessMode: 'ReadWriteOnce',
    scaledWorkers: true,
    scrapeAnnotations: true,
    prometheus: PROMETHEUS,
    tracing: false,
  },
  'k8s/overlays/prod': PROD,
  // prod with components/otel, as k8s/README.md says to turn tracing on.
  'k8s/test/fixtures/prod-otel': { ...PROD, tracing: true },
};

const REQUIRED_KINDS = [
  'Deployment',
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'ScaledObject',
  'TriggerAuthentication',
  'NetworkPolicy',
  'PersistentVolumeClaim',
  'ConfigMap',
];

describe.each(Object.entries(OVERLAYS))('kubectl kustomize %s', (overlay, expectations) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = kustomizeBuild(overlay);
  });

  it('renders every part of the platform, in its namespace', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of REQUIRED_KINDS) expect(kinds).toContain(kind);
    expect(
      objects
        .filter((o) => o.kind !== 'Namespace')
        .every((o) => o.metadata.namespace === expectations.namespace),
    ).toBe(true);
  });

  it('validates against schemas', () => {
    const errors = [...schemaErrors(objects)].filter(([, e]) => e.length > 0);
    expect(errors).toEqual([]);
    expect(unknownFieldErrors(objects)).toEqual([]);
  });

  it('is consistent', () => {
    expect(platformProblems(objects, expectations)).toEqual([]);
  });
});
