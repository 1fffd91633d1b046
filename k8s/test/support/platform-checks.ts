import { deployableApps } from './app-model';
import {
  AppContainer,
  appContainerProblems,
  appContainers,
  effective,
  effectiveNumber,
} from './app-containers';
import { bytes, find, K8sObject, objectId, selects, Workload } from './k8s-objects';
import {
  metricsPath,
  ObservabilityExpectations,
  observabilityProblems,
  reachable,
} from './observability-checks';
import { shutdownLimitMs } from './shutdown-limit';
import { exportedString, exportedStrings } from './ts-source';

// Checks across objects: what reaches what (Services, Ingress, URLs), what survives disruption, how the
// workers scale, and how migrations run before the job-service. Each returns readable problems; an empty
// list means the rendering is consistent with the apps' sources.

export interface PlatformExpectations extends ObservabilityExpectations {
  /** The namespace the objects are deployed to (KEDA calls the job-service by its full name). */
  readonly namespace: string;
  /** Secrets the objects reference but an operator creates (documented). */
  readonly externalSecrets: readonly string[];
  /** What the shared files volume must offer (ReadWriteOnce only for single-node dev clusters). */
  readonly filesAccessMode: 'ReadWriteMany' | 'ReadWriteOnce';
  /** KEDA scales the workers (the chart can turn it off for clusters without KEDA: fixed replicas). */
  readonly scaledWorkers: boolean;
}

/**
 * What the Ingress may route, all of it: the API, its docs, the health checks, and the queue dashboard
 * (bull-board, guarded by the admin credential; it is not a Nest route, so no source here names it).
 * Never /metrics: it has no authentication.
 */
const PUBLIC_PATHS = ['/api', '/docs', '/health', '/admin/queues'];

/** Whether an Ingress path entry sends `path` to its backend (Prefix matches whole segments). */
function routes(entry: { path?: string; pathType?: string }, path: string): boolean {
  const prefix = entry.path ?? '/';
  if (entry.pathType === 'Exact') return path === prefix;
  return path === prefix || path.startsWith(`${prefix.replace(/\/$/, '')}/`);
}

function ingressPathProblems(ingress: K8sObject, gateway: AppContainer): string[] {
  const id = objectId(ingress);
  const entries = (ingress.spec?.rules ?? []).flatMap((r: any) => r.http?.paths ?? []);
  const routed = (path: string) => entries.some((e: any) => routes(e, path));
  const metrics = metricsPath();
  return [
    ...entries
      .filter((e: any) => !PUBLIC_PATHS.includes(e.path))
      .map((e: any) => `${id}: routes ${e.path}, not one of the public paths ${PUBLIC_PATHS.join(', ')}`),
    ...(routed(metrics) ? [`${id}: routes ${metrics}, which has no authentication`] : []),
    ...[...PUBLIC_PATHS, ...gateway.app.getRoutes.keys()]
      .filter((path) => !routed(path))
      .map((path) => `${id}: does not route ${path}, a public path of the gateway`),
  ];
}

const GATEWAY = 'api-gateway';
const JOB_SERVICE = 'job-service';
const WORKER = 'csv-worker';
const PLANS = exportedStrings('@validahub/job-domain', 'PLANS');

function services(containers: AppContainer[], app: string): AppContainer[] {
  return containers.filter((c) => c.app.name === app && c.role === 'service');
}

/** The container port a Service port (by name or number) finally reaches on the given workload. */
function reachedPort(service: K8sObject, port: number | string, workload: Workload): number | undefined {
  const entry = (service.spec?.ports ?? []).find((p: any) => p.port === port || (p.name && p.name === port));
  const target = entry?.targetPort ?? entry?.port;
  if (typeof target === 'number') return target;
  return workload.pod.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
}

/** `job-service`, `job-service.<ns>`, `job-service.<ns>.svc`, `job-service.<ns>.svc.cluster.local`. */
function serviceHost(host: string, namespace: string): string | undefined {
  const [name, ns, ...rest] = host.split('.');
  if (ns === undefined) return name;
  const suffix = rest.join('.');
  return ns === namespace && ['', 'svc', 'svc.cluster.local'].includes(suffix) ? name : undefined;
}

function urlProblems(
  label: string,
  raw: string | undefined,
  objects: readonly K8sObject[],
  target: AppContainer,
  namespace: string,
  fullyQualified: boolean,
): { problems: string[]; path?: string } {
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch {
    return { problems: [`${label}: ${raw} is not a URL`] };
  }
  const name = serviceHost(url.hostname, namespace);
  if (fullyQualified && !url.hostname.endsWith(`.${namespace}.svc.cluster.local`))
    return { problems: [`${label}: ${url.hostname} must be <service>.${namespace}.svc.cluster.local`] };
  const service = name ? find(objects, 'Service', name) : undefined;
  if (!service || !selects(service.spec?.selector, target.workload.labels))
    return {
      problems: [`${label}: ${url.hostname} is not a Service of the ${target.app.name} pods in ${namespace}`],
    };
  const port = url.port ? Number(url.port) : 80;
  if (reachedPort(service, port, target.workload) !== effectiveNumber(target, 'PORT'))
    return {
      problems: [`${label}: port ${port} of Service ${name} does not reach ${target.app.name}'s port`],
    };
  return { problems: [], path: url.pathname };
}

/** Equal values when they are known (literal, ConfigMap, default), else the same Secret key. */
function sameSource(containers: AppContainer[], name: string): string[] {
  const sources = new Set(
    containers.map((c) => {
      const value = effective(c, name);
      return value === undefined ? (c.env.get(name)?.source ?? 'unset') : `value:${value}`;
    }),
  );
  return sources.size > 1 ? [`${name} differs between ${containers.map((c) => c.where).join(', ')}`] : [];
}

function sharedSettingsProblems(
  objects: readonly K8sObject[],
  containers: AppContainer[],
  expect: PlatformExpectations,
): string[] {
  const problems: string[] = [];
  const queueApps = containers.filter((c) => c.role === 'service' && c.app.envSchemas.includes('QueueEnv'));
  const redisApps = containers.filter(
    (c) =>
      c.role === 'service' && ['QueueEnv', 'RateLimitStoreEnv'].some((s) => c.app.envSchemas.includes(s)),
  );
  problems.push(...sameSource(redisApps, 'REDIS_URL'));
  problems.push(...sameSource(queueApps, 'QUEUE_PREFIX'));
  // The gateway presents INTERNAL_TOKEN, the job-service checks it: both or neither, from one place.
  problems.push(
    ...sameSource([...services(containers, GATEWAY), ...services(containers, JOB_SERVICE)], 'INTERNAL_TOKEN'),
  );
  const storageApps = containers.filter(
    (c) => c.role === 'service' && c.app.envSchemas.includes('StorageEnv'),
  );
  const claims = new Set(
    storageApps.map((c) => {
      const mount = c.container.volumeMounts?.find((m) => m.mountPath === effective(c, 'STORAGE_LOCAL_ROOT'));
      return c.workload.pod.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    }),
  );
  if (claims.size !== 1)
    problems.push(`the services must share one files volume; they mount ${[...claims].join(', ')}`);
  for (const claim of claims) {
    const pvc = claim ? find(objects, 'PersistentVolumeClaim', claim) : undefined;
    if (!pvc) problems.push(`PersistentVolumeClaim ${claim} is not rendered`);
    else if (!pvc.spec?.accessModes?.includes(expect.filesAccessMode))
      problems.push(
        `PersistentVolumeClaim ${claim} must be ${expect.filesAccessMode}: pods on several nodes share it`,
      );
  }
  return problems;
}

function exposureProblems(
  objects: readonly K8sObject[],
  containers: AppContainer[],
  expect: PlatformExpectations,
): string[] {
  const problems: string[] = [];
  const [gateway] = services(containers, GATEWAY);
  const [jobService] = services(containers, JOB_SERVICE);
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    problems.push(...ingressPathProblems(ingress, gateway));
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const service = find(objects, 'Service', backend?.name);
        const port = backend?.port?.number ?? backend?.port?.name;
        if (!service || !selects(service.spec?.selector, gateway.workload.labels))
          problems.push(
            `${objectId(ingress)}: routes to ${backend?.name}, which is not the gateway's Service`,
          );
        else if (reachedPort(service, port, gateway.workload) !== effectiveNumber(gateway, 'PORT'))
          problems.push(`${objectId(ingress)}: port ${port} of ${backend.name} does not reach the gateway`);
      }
    }
    const bodySize = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'];
    if (
      bodySize &&
      bytes(bodySize.replace(/([kmg])$/i, (u) => `${u.toUpperCase()}i`)) <=
        effectiveNumber(gateway, 'MAX_FILE_SIZE')
    )
      problems.push(
        `${objectId(ingress)}: proxy-body-size ${bodySize} must exceed MAX_FILE_SIZE so the gateway answers 413 itself`,
      );
  }
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const type = service.spec?.type ?? 'ClusterIP';
    if (services(containers, WORKER).some((w) => selects(service.spec?.selector, w.workload.labels)))
      problems.push(`${objectId(service)}: the worker serves only health checks; it has no Service`);
    if (selects(service.spec?.selector, jobService.workload.labels) && type !== 'ClusterIP')
      problems.push(`${objectId(service)}: the job-service is internal (ClusterIP), not ${type}`);
  }
  const gatewayPeer = { namespace: expect.namespace, labels: gateway.workload.labels };
  if (!reachable(objects, jobService, gatewayPeer, expect.namespace))
    problems.push(`${objectId(jobService.workload.owner)}: a NetworkPolicy keeps the gateway out`);
  problems.push(
    ...urlProblems(
      `${gateway.where}: JOB_SERVICE_URL`,
      effective(gateway, 'JOB_SERVICE_URL'),
      objects,
      jobService,
      expect.namespace,
      false,
    ).problems,
  );
  return problems;
}

function autoscaledDeployments(objects: readonly K8sObject[]): string[] {
  return objects.flatMap((o) =>
    (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') &&
    (o.spec?.scaleTargetRef?.kind ?? 'Deployment') === 'Deployment'
      ? [o.spec.scaleTargetRef.name as string]
      : [],
  );
}

function disruptionProblems(objects: readonly K8sObject[], containers: AppContainer[]): string[] {
  const problems: string[] = [];
  const autoscaled = autoscaledDeployments(objects);
  for (const c of containers.filter((x) => x.role === 'service')) {
    const owner = c.workload.owner;
    if (
      !objects.some(
        (o) => o.kind === 'PodDisruptionBudget' && selects(o.spec?.selector?.matchLabels, c.workload.labels),
      )
    )
      problems.push(`${objectId(owner)}: no PodDisruptionBudget selects its pods`);
    if (autoscaled.includes(owner.metadata.name) && owner.spec?.replicas !== undefined)
      problems.push(
        `${objectId(owner)}: sets replicas, which its autoscaler owns (every apply would reset it)`,
      );
    const graceMs = (c.workload.pod.terminationGracePeriodSeconds ?? 30) * 1000;
    const preStop = c.container.lifecycle?.preStop?.exec?.command;
    const preStopMs = preStop?.[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
    const limitMs = shutdownLimitMs(c.app.name, (name) => effectiveNumber(c, name));
    if (graceMs < preStopMs + limitMs)
      problems.push(
        `${objectId(owner)}: terminationGracePeriodSeconds must cover preStop + the app's ${limitMs / 1000} s shutdown`,
      );
    if (c.app.env.has('TASK_HARD_TIME_LIMIT_MS') && graceMs <= effectiveNumber(c, 'TASK_HARD_TIME_LIMIT_MS'))
      problems.push(`${objectId(owner)}: terminationGracePeriodSeconds must exceed TASK_HARD_TIME_LIMIT_MS`);
    if (c.app.env.has('TASK_THREAD_MEMORY_MB')) {
      const threadsMi =
        effectiveNumber(c, 'WORKER_CONCURRENCY') * effectiveNumber(c, 'TASK_THREAD_MEMORY_MB');
      const limit = c.container.resources?.limits?.memory;
      // The main thread (Nest, BullMQ, buffers) needs its own room beside the task threads' heaps.
      if (!limit || bytes(limit) < (threadsMi + 256) * 2 ** 20)
        problems.push(
          `${objectId(owner)}: memory limit ${limit} is below WORKER_CONCURRENCY × TASK_THREAD_MEMORY_MB + 256Mi`,
        );
    }
  }
  return problems;
}

function triggerAuthProblems(
  objects: readonly K8sObject[],
  scaled: K8sObject,
  trigger: any,
  jobService: AppContainer,
  expect: PlatformExpectations,
): string[] {
  const id = objectId(scaled);
  const token = jobService.env.get('INTERNAL_TOKEN');
  const meta = trigger.metadata ?? {};
  if (!token)
    return meta.authMode || trigger.authenticationRef
      ? [`${id}: sends a token the job-service does not check`]
      : [];
  const problems: string[] = [];
  const header = exportedString('@validahub/job-contracts', 'INTERNAL_TOKEN_HEADER');
  if (meta.authMode !== 'apiKey' || meta.method !== 'header' || meta.keyParamName !== header)
    problems.push(
      `${id}: the job-service checks INTERNAL_TOKEN: authMode apiKey, method header, keyParamName ${header}`,
    );
  const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef?.name);
  const ref = (auth?.spec?.secretTargetRef ?? []).find((r: any) => r.parameter === 'apiKey');
  if (!ref || !token.secret || ref.name !== token.secret.name || ref.key !== token.secret.key)
    problems.push(
      `${id}: its TriggerAuthentication must give apiKey from the job-service's INTERNAL_TOKEN (${token.source})`,
    );
  else if (!find(objects, 'Secret', ref.name) && !expect.externalSecrets.includes(ref.name))
    problems.push(`${id}: Secret ${ref.name} is neither rendered nor external`);
  return problems;
}

function scalingProblems(
  objects: readonly K8sObject[],
  containers: AppContainer[],
  expect: PlatformExpectations,
): string[] {
  const problems: string[] = [];
  const [gateway] = services(containers, GATEWAY);
  const [jobService] = services(containers, JOB_SERVICE);
  const workers = services(containers, WORKER);
  const hpa = objects.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      o.spec?.scaleTargetRef?.name === gateway.workload.owner.metadata.name,
  );
  if (!hpa?.spec?.metrics?.some((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu'))
    problems.push(`${objectId(gateway.workload.owner)}: needs a CPU HorizontalPodAutoscaler`);
  problems.push(...workerQueuesProblems(workers));
  const scaledObjects = objects.filter((o) => o.kind === 'ScaledObject');
  if (!expect.scaledWorkers) {
    if (scaledObjects.length > 0 || objects.some((o) => o.kind === 'TriggerAuthentication'))
      problems.push('workers are not autoscaled here: no KEDA objects');
    for (const worker of workers)
      if (!(worker.workload.owner.spec?.replicas >= 1))
        problems.push(`${objectId(worker.workload.owner)}: needs replicas without an autoscaler`);
    return problems;
  }
  if (scaledObjects.length !== workers.length)
    return [
      ...problems,
      `expected one ScaledObject per worker pool (${workers.length}), found ${scaledObjects.length}`,
    ];
  for (const worker of workers) {
    const scaled = scaledObjects.find(
      (o) => o.spec?.scaleTargetRef?.name === worker.workload.owner.metadata.name,
    );
    if (!scaled) problems.push(`${objectId(worker.workload.owner)}: no ScaledObject targets it`);
    else problems.push(...workerScalingProblems(objects, scaled, worker, jobService, expect));
  }
  return problems;
}

/** The plan queues a worker serves (WORKER_QUEUES; unset: all), as queue names. */
function servedQueues(worker: AppContainer): string[] {
  const plans = effective(worker, 'WORKER_QUEUES')?.split(',') ?? [...PLANS];
  return plans.map((p) => `queue-${p.trim().replace(/^queue[-:]/, '')}`).sort();
}

/** Between them, the worker pools serve every plan: a plan no pool serves never runs its jobs. */
function workerQueuesProblems(workers: AppContainer[]): string[] {
  const served = new Set(workers.flatMap(servedQueues));
  const unserved = PLANS.filter((p) => !served.has(`queue-${p}`));
  return unserved.length > 0 ? [`no worker pool serves the plans ${unserved.join(', ')}`] : [];
}

function workerScalingProblems(
  objects: readonly K8sObject[],
  scaled: K8sObject,
  worker: AppContainer,
  jobService: AppContainer,
  expect: PlatformExpectations,
): string[] {
  const problems: string[] = [];
  const id = objectId(scaled);
  const spec = scaled.spec ?? {};
  if (!(spec.minReplicaCount <= spec.maxReplicaCount))
    problems.push(`${id}: minReplicaCount must not exceed maxReplicaCount`);
  const taskSeconds = effectiveNumber(worker, 'TASK_HARD_TIME_LIMIT_MS') / 1000;
  const stabilization =
    spec.advanced?.horizontalPodAutoscalerConfig?.behavior?.scaleDown?.stabilizationWindowSeconds;
  if (!(spec.cooldownPeriod > taskSeconds) || !(stabilization > taskSeconds))
    problems.push(
      `${id}: cooldownPeriod and scaleDown stabilizationWindowSeconds must exceed the longest task (${taskSeconds} s)`,
    );
  const triggers = spec.triggers ?? [];
  if (triggers.length !== 1 || triggers[0].type !== 'metrics-api')
    return [...problems, `${id}: expected one metrics-api trigger on the job-service's runnable count`];
  const [trigger] = triggers;
  const meta = trigger.metadata ?? {};
  const url = urlProblems(`${id}: url`, meta.url, objects, jobService, expect.namespace, true);
  problems.push(...url.problems);
  // A pool scales on its own queues: the runnable count of exactly those it serves.
  const query = new URL(meta.url ?? 'http://x').searchParams.get('queues');
  const counted = query === null ? [...PLANS].map((p) => `queue-${p}`).sort() : query.split(',').sort();
  if (counted.join(',') !== servedQueues(worker).join(','))
    problems.push(
      `${id}: counts the runnable runs of ${counted.join(', ')}, but its workers serve ${servedQueues(worker).join(', ')}`,
    );
  const route = url.path ? jobService.app.getRoutes.get(url.path) : undefined;
  if (url.path && !route) problems.push(`${id}: ${url.path} is not a GET route of the job-service`);
  else if (route && !route.responseFields.includes(meta.valueLocation))
    problems.push(
      `${id}: valueLocation ${meta.valueLocation} is not a field of ${route.path} (${route.responseFields.join(', ')})`,
    );
  if ((meta.format ?? 'json') !== 'json') problems.push(`${id}: the endpoint answers JSON`);
  if (!(Number(meta.targetValue) > 0)) problems.push(`${id}: targetValue must be a positive number`);
  if ((trigger.metricType ?? 'AverageValue') !== 'AverageValue')
    problems.push(`${id}: metricType must be AverageValue (replicas = ceil(runnable / targetValue))`);
  problems.push(...triggerAuthProblems(objects, scaled, trigger, jobService, expect));
  return problems;
}

const HELM_MIGRATION_HOOKS = ['pre-install', 'pre-upgrade'];

function migrationProblems(containers: AppContainer[]): string[] {
  const runners = containers.filter((c) => c.role === 'task' && c.container.command?.[2] === 'migrate');
  const [jobService] = services(containers, JOB_SERVICE);
  const ordered = runners.filter((c) => {
    if (c.workload === jobService.workload) return true; // an init container of the job-service itself
    const hooks = c.workload.owner.metadata.annotations?.['helm.sh/hook']?.split(',') ?? [];
    return c.workload.owner.kind === 'Job' && HELM_MIGRATION_HOOKS.every((h) => hooks.includes(h));
  });
  const problems: string[] = [];
  if (ordered.length !== 1 || runners.length !== 1)
    problems.push(
      `migrations must run exactly once before the job-service rolls (its init container, or a ${HELM_MIGRATION_HOOKS.join(',')} hook Job); found ${runners.map((r) => r.where).join(', ') || 'none'}`,
    );
  for (const c of services(containers, JOB_SERVICE)) {
    if (!['false', '0', 'no', 'off'].includes((effective(c, 'DATABASE_MIGRATIONS_RUN') ?? '').toLowerCase()))
      problems.push(
        `${c.where}: DATABASE_MIGRATIONS_RUN must be false: migrations already ran before it started`,
      );
  }
  return problems;
}

export function platformProblems(objects: readonly K8sObject[], expect: PlatformExpectations): string[] {
  const { containers, problems } = appContainers(objects, expect.externalSecrets);
  // Every app runs as one Deployment, except the worker, which may run as several pools.
  const missing = deployableApps().filter((app) => {
    const count = services(containers, app).length;
    return app === WORKER ? count < 1 : count !== 1;
  });
  if (missing.length > 0)
    return [...problems, `expected one Deployment container per app; wrong count for ${missing.join(', ')}`];
  return [
    ...problems,
    ...containers.flatMap(appContainerProblems),
    ...sharedSettingsProblems(objects, containers, expect),
    ...exposureProblems(objects, containers, expect),
    ...disruptionProblems(objects, containers),
    ...scalingProblems(objects, containers, expect),
    ...migrationProblems(containers),
    ...observabilityProblems(objects, containers, expect.namespace, expect),
  ];
}
