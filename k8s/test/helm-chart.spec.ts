import { readdirSync } from 'node:fs';
import { appModel } from './support/app-model';
import { undefinedIncludes, unknownValuesPaths } from './support/chart-lint';
import {
  chartValues,
  mergeValues,
  readValues,
  renderChart,
  Values,
  valuesErrors,
  valuesSchema,
} from './support/helm-chart';
import { schemaErrors, unknownFieldErrors } from './support/k8s-schema';
import { find, K8sObject } from './support/k8s-objects';
import { platformProblems, PlatformExpectations } from './support/platform-checks';
import { shutdownLimitMs } from './support/shutdown-limit';
import { fromRoot } from './support/workspace';

// No helm binary here: the chart is rendered by the test interpreter (support/go-template.ts) after its
// values pass values.schema.json, then held to the same checks as the kustomize overlays.

const EXAMPLES = readdirSync(fromRoot('k8s/helm/examples')).sort();
const example = (file: string) => readValues(`k8s/helm/examples/${file}`);

// values.yaml's jobService.networkPolicy.prometheus.
const PROMETHEUS = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };

const EXPECTED: Record<
  string,
  { release: { name: string; namespace: string }; expect: PlatformExpectations }
> = {
  'prod.values.yaml': {
    release: { name: 'validahub', namespace: 'validahub' },
    expect: {
      namespace: 'validahub',
      externalSecrets: ['validahub-secrets'],
      filesAccessMode: 'ReadWriteMany',
      scaledWorkers: true,
      scrapeAnnotations: true,
      prometheus: PROMETHEUS,
      tracing: true,
    },
  },
  'dev.values.yaml': {
    release: { name: 'vh', namespace: 'validahub-dev' },
    expect: {
      namespace: 'validahub-dev',
      externalSecrets: [],
      filesAccessMode: 'ReadWriteOnce',
      scaledWorkers: true,
      scrapeAnnotations: true,
      prometheus: PROMETHEUS,
      tracing: false,
    },
  },
};

function schemaAndFieldErrors(objects: K8sObject[]): string[] {
  const errors = [...schemaErrors(objects)].flatMap(([id, e]) => e.map((m) => `${id}: ${m}`));
  return [...errors, ...unknownFieldErrors(objects)];
}

describe('k8s/helm/validahub', () => {
  it('has values.yaml and examples that match values.schema.json', () => {
    expect(valuesErrors(chartValues())).toEqual([]);
    expect(EXAMPLES).toEqual(Object.keys(EXPECTED).sort());
    for (const file of EXAMPLES)
      expect([file, valuesErrors(mergeValues(chartValues(), example(file)))]).toEqual([file, []]);
  });

  it('reads only values that values.yaml and the schema declare, and includes only defined templates', () => {
    expect(unknownValuesPaths()).toEqual([]);
    expect(undefinedIncludes()).toEqual([]);
  });

  describe.each(EXAMPLES)('rendered with examples/%s', (file) => {
    const { release, expect: expectations } = EXPECTED[file];
    let objects: K8sObject[];
    beforeAll(() => {
      objects = renderChart(example(file), release).objects;
    });

    it('validates against the Kubernetes and KEDA schemas', () => {
      expect(schemaAndFieldErrors(objects)).toEqual([]);
    });

    it('is consistent with the apps', () => {
      expect(platformProblems(objects, expectations)).toEqual([]);
    });
  });

  it('runs migrations as a pre-install/pre-upgrade hook, after the Secret it reads', () => {
    const managed = renderChart(example('dev.values.yaml'), EXPECTED['dev.values.yaml'].release).objects;
    const job = managed.find((o) => o.kind === 'Job');
    const secret = managed.find((o) => o.kind === 'Secret');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(secret?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(secret?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job?.metadata.annotations?.['helm.sh/hook-weight']),
    );
    const external = renderChart(example('prod.values.yaml'), EXPECTED['prod.values.yaml'].release).objects;
    expect(external.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('renders without KEDA or the ingress, and with a private Redis CA and an existing claim', () => {
    const override: Values = mergeValues(example('prod.values.yaml'), {
      redisTls: { caSecret: 'redis-ca' },
      storage: { existingClaim: 'shared-files' },
      apiGateway: { ingress: { enabled: false } },
      csvWorker: { autoscaling: { enabled: false }, replicas: 3 },
    });
    const { objects, notes } = renderChart(override, EXPECTED['prod.values.yaml'].release);
    expect(schemaAndFieldErrors(objects)).toEqual([]);
    const claimless = [
      ...objects,
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'shared-files' },
        spec: { accessModes: ['ReadWriteMany'] },
      },
    ];
    expect(
      platformProblems(claimless, { ...EXPECTED['prod.values.yaml'].expect, scaledWorkers: false }),
    ).toEqual([]);
    expect(objects.map((o) => o.kind)).not.toEqual(expect.arrayContaining(['Ingress']));
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const worker = find(objects, 'Deployment', 'validahub-csv-worker');
    expect(worker?.spec.replicas).toBe(3);
    expect(worker?.spec.template.spec.containers[0].env).toContainEqual({
      name: 'NODE_EXTRA_CA_CERTS',
      value: '/etc/validahub/redis-ca/ca.crt',
    });
    // Without KEDA nothing but the gateway and the job-service needs the internal token.
    expect(objects.filter((o) => o.kind === 'TriggerAuthentication')).toEqual([]);
    expect(notes).not.toMatch(/\/docs|scaledobject/);
  });

  describe('with the PodMonitor, without scrape annotations or tracing', () => {
    const values = mergeValues(example('prod.values.yaml'), {
      metrics: { podAnnotations: false, podMonitor: { enabled: true, labels: { release: 'kps' } } },
      otel: { exporterEndpoint: '' },
    });
    const expectations = { ...EXPECTED['prod.values.yaml'].expect, scrapeAnnotations: false, tracing: false };
    let objects: K8sObject[];
    beforeAll(() => {
      objects = renderChart(values, EXPECTED['prod.values.yaml'].release).objects;
    });
    const monitor = (o: K8sObject[]) => o.find((x) => x.kind === 'PodMonitor') as K8sObject;

    it('renders a valid PodMonitor scraping every service, and nothing of OTEL_*', () => {
      expect(monitor(objects).metadata.labels?.release).toBe('kps');
      expect(schemaAndFieldErrors(objects)).toEqual([]);
      expect(platformProblems(objects, expectations)).toEqual([]);
      expect(JSON.stringify(objects)).not.toMatch(/OTEL_|prometheus\.io\//);
    });

    it.each<[string, (o: K8sObject[]) => void, RegExp]>([
      [
        'a port name no container has',
        (o) => (monitor(o).spec.podMetricsEndpoints[0].port = 'metrics'),
        /PodMonitor\/validahub-metrics: port metrics is not the port api-gateway listens on/,
      ],
      [
        'a selector that misses the worker',
        (o) => monitor(o).spec.selector.matchExpressions[0].values.pop(),
        /Deployment\/validahub-csv-worker: no PodMonitor selects its pods/,
      ],
      [
        'another path',
        (o) => (monitor(o).spec.podMetricsEndpoints[0].path = '/prometheus'),
        /path \/prometheus; the apps serve \/metrics/,
      ],
    ])('reports %s', (_, mistake, reported) => {
      const broken = structuredClone(objects);
      mistake(broken);
      expect(platformProblems(broken, expectations).join('\n')).toMatch(reported);
    });
  });

  it('admits Prometheus by namespace alone when no pod labels are given, and none without a namespace', () => {
    const render = (prometheus: Values) =>
      renderChart(
        mergeValues(example('prod.values.yaml'), { jobService: { networkPolicy: { prometheus } } }),
        EXPECTED['prod.values.yaml'].release,
      ).objects;
    const anyPod = { namespace: 'observability', labels: { app: 'vmagent' } };
    const open = render({ namespace: 'observability', podLabels: null });
    expect(platformProblems(open, { ...EXPECTED['prod.values.yaml'].expect, prometheus: anyPod })).toEqual(
      [],
    );
    const closed = render({ namespace: '' });
    expect(platformProblems(closed, EXPECTED['prod.values.yaml'].expect).join('\n')).toMatch(
      /Deployment\/validahub-job-service: a NetworkPolicy keeps Prometheus/,
    );
  });

  it('accepts in each env only variables its service reads, none of them set twice', () => {
    const schema = valuesSchema() as any;
    const components: Record<string, string> = {
      apiGateway: 'api-gateway',
      jobService: 'job-service',
      csvWorker: 'csv-worker',
    };
    const everything: Values = {};
    for (const [key, app] of Object.entries(components)) {
      const names = Object.keys(schema.properties[key].properties.env.properties);
      const model = appModel(app);
      expect([app, names.filter((n) => !model.env.has(n))]).toEqual([app, []]);
      everything[key] = {
        env: Object.fromEntries(names.map((n) => [n, String(model.env.get(n)?.defaultValue)])),
      };
    }
    const { objects } = renderChart(
      mergeValues(example('prod.values.yaml'), everything),
      EXPECTED['prod.values.yaml'].release,
    );
    expect(platformProblems(objects, EXPECTED['prod.values.yaml'].expect)).toEqual([]);
  });

  it.each<[string, Values, RegExp]>([
    [
      'a misspelt variable',
      { apiGateway: { env: { LOG_LEVLE: 'info' } } },
      /apiGateway\/env must NOT have additional properties/,
    ],
    [
      'a variable the chart sets itself',
      { csvWorker: { env: { QUEUE_PREFIX: 'x' } } },
      /csvWorker\/env must NOT have additional properties/,
    ],
    [
      'an unquoted number Helm would print as 5.24288e+07',
      { apiGateway: { env: { MAX_FILE_SIZE: 52428800 } } },
      /MAX_FILE_SIZE must be string/,
    ],
    [
      'a cooldown shorter than a task',
      { csvWorker: { autoscaling: { cooldownPeriod: 60 } } },
      /cooldownPeriod must be >= 300/,
    ],
    [
      'a number with a leading zero (Sprig could read it as octal)',
      { csvWorker: { env: { SHUTDOWN_GRACE_MS: '0300000' } } },
      /SHUTDOWN_GRACE_MS must match pattern/,
    ],
    ['an image tagged latest', { image: { tag: 'latest' } }, /image\/tag must NOT be valid/],
    [
      'an OTLP endpoint without a scheme',
      { otel: { exporterEndpoint: 'otel-collector:4318' } },
      /otel\/exporterEndpoint must match pattern/,
    ],
    ['an unknown OTLP protocol', { otel: { protocol: 'grpcs' } }, /otel\/protocol must be equal to one of/],
    [
      'resource attributes not in key=value form',
      { otel: { resourceAttributes: 'prod' } },
      /otel\/resourceAttributes must match pattern/,
    ],
    [
      'a plain-HTTP Redis URL',
      { secrets: { values: { REDIS_URL: 'http://redis:6379' } } },
      /REDIS_URL must match pattern/,
    ],
  ])('refuses %s', (_, override, reported) => {
    expect(valuesErrors(mergeValues(chartValues(), override)).join('\n')).toMatch(reported);
  });

  describe('refuses worker timings that would lose running tasks (fail in the templates)', () => {
    const { release, expect: expectations } = EXPECTED['prod.values.yaml'];
    const render = (csvWorker: Values) =>
      renderChart(mergeValues(example('prod.values.yaml'), { csvWorker }), release).objects;
    const worker = appModel('csv-worker');

    /**
     * The shortest termination grace (s) the worker's sources allow with this env: longer than
     * TASK_HARD_TIME_LIMIT_MS and covering the shutdown limit of apps/csv-worker/src/main.ts. Variables the
     * values leave unset take the worker's defaults, as it reads them.
     */
    function shortestGrace(override: Values): { seconds: number; boundBy: 'hard limit' | 'shutdown' } {
      const values = mergeValues(
        chartValues(),
        mergeValues(example('prod.values.yaml'), { csvWorker: { env: override } }),
      );
      const env = (values.csvWorker as { env: Record<string, string> }).env;
      const ms = (name: string) => Number(env[name] ?? worker.env.get(name)?.defaultValue);
      const afterTask = Math.floor(ms('TASK_HARD_TIME_LIMIT_MS') / 1000) + 1;
      const coveringShutdown = Math.ceil(shutdownLimitMs('csv-worker', ms) / 1000);
      return afterTask > coveringShutdown
        ? { seconds: afterTask, boundBy: 'hard limit' }
        : { seconds: coveringShutdown, boundBy: 'shutdown' };
    }

    it.each<[string, Values, number]>([
      ['the shipped values', {}, 345],
      [
        "the worker's defaults",
        { SHUTDOWN_GRACE_MS: null, TASK_SOFT_TIME_LIMIT_MS: null, TASK_HARD_TIME_LIMIT_MS: null },
        301,
      ],
      [
        'short tasks and the default SHUTDOWN_GRACE_MS',
        { SHUTDOWN_GRACE_MS: null, TASK_SOFT_TIME_LIMIT_MS: '10000', TASK_HARD_TIME_LIMIT_MS: '20000' },
        50,
      ],
      [
        'the default TASK_SOFT_TIME_LIMIT_MS and a long SHUTDOWN_GRACE_MS',
        { SHUTDOWN_GRACE_MS: '600000', TASK_SOFT_TIME_LIMIT_MS: null, TASK_HARD_TIME_LIMIT_MS: '280000' },
        625,
      ],
      ['a shutdown limit with a fraction of a second', { SHUTDOWN_GRACE_MS: '300500' }, 346],
    ])(
      'with %s: renders at the shortest grace the worker allows, refuses one second less',
      (_, env, seconds) => {
        const shortest = shortestGrace(env);
        expect(shortest.seconds).toBe(seconds);
        const objects = render({ env, terminationGracePeriodSeconds: seconds });
        expect(platformProblems(objects, expectations)).toEqual([]);
        const refused =
          shortest.boundBy === 'hard limit'
            ? /^csvWorker\.terminationGracePeriodSeconds \(\d+ s\) must be longer than csvWorker\.env\.TASK_HARD_TIME_LIMIT_MS \(\d+ ms\)/
            : new RegExp(
                `^csvWorker\\.terminationGracePeriodSeconds \\(${seconds - 1} s\\) must cover the worker's shutdown: ` +
                  `csvWorker\\.env\\.SHUTDOWN_GRACE_MS .* raise it to at least ${seconds} or lower SHUTDOWN_GRACE_MS$`,
              );
        expect(() => render({ env, terminationGracePeriodSeconds: seconds - 1 })).toThrow(refused);
      },
    );

    it('refuses a grace of 30 s, which values.schema.json alone accepts', () => {
      const override = { csvWorker: { terminationGracePeriodSeconds: 30 } };
      expect(valuesErrors(mergeValues(chartValues(), override))).toEqual([]);
      expect(() => render(override.csvWorker)).toThrow(
        'csvWorker.terminationGracePeriodSeconds (30 s) must be longer than csvWorker.env.TASK_HARD_TIME_LIMIT_MS (300000 ms)',
      );
    });

    it.each(['cooldownPeriod', 'scaleDownStabilizationSeconds'])(
      'refuses a KEDA %s not longer than TASK_HARD_TIME_LIMIT_MS',
      (key) => {
        expect(() => render({ autoscaling: { [key]: 300 } })).toThrow(
          `csvWorker.autoscaling.${key} (300 s) must be longer than csvWorker.env.TASK_HARD_TIME_LIMIT_MS (300000 ms)`,
        );
        expect(() => render({ autoscaling: { [key]: 301 } })).not.toThrow();
        // Values the schema accepts, made too short by a longer hard limit.
        const longer = {
          env: { TASK_SOFT_TIME_LIMIT_MS: '370000', TASK_HARD_TIME_LIMIT_MS: '400000' },
          terminationGracePeriodSeconds: 500,
          autoscaling: { cooldownPeriod: 401, scaleDownStabilizationSeconds: 401 },
        };
        expect(() => render({ ...longer, autoscaling: { ...longer.autoscaling, [key]: 360 } })).toThrow(
          `csvWorker.autoscaling.${key} (360 s) must be longer than csvWorker.env.TASK_HARD_TIME_LIMIT_MS (400000 ms)`,
        );
        expect(() => render(longer)).not.toThrow();
      },
    );

    it('ignores the KEDA timings when the workers are not autoscaled', () => {
      const objects = render({ autoscaling: { enabled: false, cooldownPeriod: 300 } });
      expect(objects.filter((o) => o.kind === 'ScaledObject')).toEqual([]);
    });
  });

  it('stops with a clear message when no secret is given', () => {
    expect(() => renderChart({}, { name: 'validahub', namespace: 'validahub' })).toThrow(
      /secrets.values.DATABASE_URL is required/,
    );
  });

  describe('with dedicated worker pools', () => {
    const release = EXPECTED['prod.values.yaml'].release;
    const withPools = (csvWorker: Record<string, unknown>) =>
      mergeValues(chartValues(), mergeValues(example('prod.values.yaml'), { csvWorker }));
    const enterprisePool = {
      name: 'enterprise',
      queues: ['enterprise', 'business'],
      env: { WORKER_CONCURRENCY: '4' },
      autoscaling: { maxReplicaCount: 40 },
      resources: { requests: { cpu: '2', memory: '4608Mi' }, limits: { memory: '5Gi' } },
    };

    it('renders a Deployment, ConfigMap, PDB and KEDA scaler per pool, each on its own queues', () => {
      const values = withPools({ queues: ['free', 'pro'], pools: [enterprisePool] });
      expect(valuesErrors(values)).toEqual([]);
      const { objects } = renderChart(values, release);
      expect(schemaAndFieldErrors(objects)).toEqual([]);
      expect(platformProblems(objects, EXPECTED['prod.values.yaml'].expect)).toEqual([]);
      const pool = find(objects, 'Deployment', 'validahub-csv-worker-enterprise');
      expect(pool?.spec.template.spec.containers[0].image).toMatch(/\/csv-worker:/);
      expect(find(objects, 'ConfigMap', 'validahub-csv-worker-enterprise')?.data).toMatchObject({
        WORKER_QUEUES: 'enterprise,business',
        WORKER_CONCURRENCY: '4',
      });
      expect(find(objects, 'ConfigMap', 'validahub-csv-worker')?.data).toMatchObject({
        WORKER_QUEUES: 'free,pro',
        WORKER_CONCURRENCY: '2',
      });
      const scaled = find(objects, 'ScaledObject', 'validahub-csv-worker-enterprise');
      expect(scaled?.spec).toMatchObject({
        maxReplicaCount: 40,
        scaleTargetRef: { name: 'validahub-csv-worker-enterprise' },
      });
      expect(scaled?.spec.triggers[0].metadata.url).toMatch(
        /\/stats\/runnable\?queues=queue-enterprise,queue-business$/,
      );
      expect(find(objects, 'ScaledObject', 'validahub-csv-worker')?.spec.triggers[0].metadata.url).toMatch(
        /\?queues=queue-free,queue-pro$/,
      );
      expect(find(objects, 'PodDisruptionBudget', 'validahub-csv-worker-enterprise')).toBeDefined();
      expect(objects.filter((o) => o.kind === 'TriggerAuthentication')).toHaveLength(1);
    });

    it('reports plans no pool serves, and a scaler counting other queues than its pool serves', () => {
      const { objects } = renderChart(
        withPools({ queues: ['free', 'pro'], pools: [{ ...enterprisePool, queues: ['enterprise'] }] }),
        release,
      );
      expect(platformProblems(objects, EXPECTED['prod.values.yaml'].expect)).toEqual([
        'no worker pool serves the plans business',
      ]);
      const trigger = find(objects, 'ScaledObject', 'validahub-csv-worker-enterprise')?.spec.triggers[0];
      trigger.metadata.url = trigger.metadata.url.replace('?queues=queue-enterprise', '');
      expect(platformProblems(objects, EXPECTED['prod.values.yaml'].expect)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /validahub-csv-worker-enterprise: counts the runnable runs of queue-business, queue-enterprise, queue-free, queue-pro, but its workers serve queue-enterprise/,
          ),
        ]),
      );
    });

    it('refuses unknown plans, pools without queues, and two pools of one name', () => {
      expect(valuesErrors(withPools({ pools: [{ ...enterprisePool, queues: ['gold'] }] }))).not.toEqual([]);
      expect(valuesErrors(withPools({ pools: [{ ...enterprisePool, queues: [] }] }))).not.toEqual([]);
      expect(valuesErrors(withPools({ queues: ['pro', 'pro'] }))).not.toEqual([]);
      expect(() => renderChart(withPools({ pools: [enterprisePool, enterprisePool] }), release)).toThrow(
        /two pools are named enterprise/,
      );
    });
  });
});
