import { AppModel, appModel, deployableApps } from './app-model';
import { resolveEnv, ResolvedVar } from './container-env';
import { OTEL_SDK_ENV } from './otel-env';
import {
  Container,
  HttpProbe,
  imageName,
  imageTag,
  K8sObject,
  objectId,
  Workload,
  workloads,
} from './k8s-objects';

// Every container running one of the apps' images, checked against that app's sources: the variables it
// is given, the probes, the port, the command, and what a multi-pod deployment needs.

export interface AppContainer {
  readonly app: AppModel;
  readonly workload: Workload;
  readonly container: Container;
  /** `task`: an init container or a Job (runs a subcommand and exits); `service`: serves until stopped. */
  readonly role: 'service' | 'task';
  readonly env: ReadonlyMap<string, ResolvedVar>;
  readonly where: string;
}

/** Variables read by Node itself rather than by an app's env classes, and why a manifest may set them. */
export const RUNTIME_ENV: Readonly<Record<string, string>> = {
  NODE_EXTRA_CA_CERTS: 'Node adds this CA bundle to TLS verification (rediss:// to a private CA)',
};

/** Readiness route per app, and why (liveness is always /health/live: it checks no dependency). */
export const READINESS_PATH: Readonly<Record<string, string>> = {
  // /health/ready fails with Postgres or Redis; on the gateway that would empty the Service at once.
  'api-gateway': '/health/live',
  // 503 unless Postgres answers: only then can it serve.
  'job-service': '/health/ready',
  // 503 unless Redis answers: only then has it work.
  'csv-worker': '/health/ready',
};

const MAIN_SCRIPT = 'main.js';

export function appContainers(
  objects: readonly K8sObject[],
  externalSecrets: readonly string[],
): { containers: AppContainer[]; problems: string[] } {
  const apps = deployableApps();
  const containers: AppContainer[] = [];
  const problems: string[] = [];
  for (const workload of workloads(objects)) {
    const entries = [
      ...(workload.pod.initContainers ?? []).map((c) => ({ c, role: 'task' as const })),
      ...workload.pod.containers.map((c) => ({
        c,
        role: workload.owner.kind === 'Job' ? ('task' as const) : ('service' as const),
      })),
    ];
    for (const { c, role } of entries) {
      const name = imageName(c.image);
      if (!apps.includes(name)) continue;
      const where = `${objectId(workload.owner)} › ${c.name}`;
      const resolved = resolveEnv(c, objects, externalSecrets);
      problems.push(...resolved.problems.map((p) => `${where}: ${p}`));
      containers.push({ app: appModel(name), workload, container: c, role, env: resolved.vars, where });
    }
  }
  return { containers, problems };
}

/** The value a container runs with: its env, else the app's default. Undefined when it comes from a Secret. */
export function effective(c: AppContainer, name: string): string | undefined {
  const set = c.env.get(name);
  if (set) return set.value;
  const fallback = c.app.env.get(name)?.defaultValue;
  return fallback === undefined ? undefined : String(fallback);
}

export function effectiveNumber(c: AppContainer, name: string): number {
  const value = Number(effective(c, name));
  if (!Number.isFinite(value)) throw new Error(`${c.where}: ${name} has no numeric value`);
  return value;
}

function probeProblems(
  c: AppContainer,
  kind: 'livenessProbe' | 'readinessProbe',
  expectedPath: string,
): string[] {
  const probe: HttpProbe | undefined = c.container[kind];
  const get = probe?.httpGet;
  if (!get) return [`${kind} must be an httpGet probe`];
  const problems: string[] = [];
  if (!c.app.getRoutes.has(get.path))
    problems.push(`${kind} path ${get.path} is not a GET route of ${c.app.name}`);
  else if (get.path !== expectedPath) problems.push(`${kind} path ${get.path}; expected ${expectedPath}`);
  const port =
    typeof get.port === 'number'
      ? get.port
      : c.container.ports?.find((p) => p.name === get.port)?.containerPort;
  const listening = effectiveNumber(c, 'PORT');
  if (port !== listening)
    problems.push(`${kind} port ${get.port} is not the port ${c.app.name} listens on (${listening})`);
  return problems;
}

function commandProblems(c: AppContainer): string[] {
  const { command, args } = c.container;
  if (args)
    return ['args are not used: the image runs `node main.js`; override `command` to run a subcommand'];
  if (c.role === 'service')
    return command ? [`a service container must run the image's CMD, not ${command.join(' ')}`] : [];
  const [node, script, subcommand, ...rest] = command ?? [];
  if (node !== 'node' || script !== MAIN_SCRIPT || rest.length > 0 || !c.app.subcommands.includes(subcommand))
    return [
      `a task must run \`node ${MAIN_SCRIPT} <${c.app.subcommands.join('|')}>\`, not ${JSON.stringify(command)}`,
    ];
  return [];
}

function serviceProblems(c: AppContainer): string[] {
  const problems = [
    ...probeProblems(c, 'livenessProbe', '/health/live'),
    ...probeProblems(c, 'readinessProbe', READINESS_PATH[c.app.name] ?? '(no readiness policy for this app)'),
  ];
  const http = c.container.ports?.find((p) => p.name === 'http');
  if (http?.containerPort !== effectiveNumber(c, 'PORT'))
    problems.push(`containerPort "http" ${http?.containerPort} is not the port ${c.app.name} listens on`);
  // Separate pods share nothing in memory: the in-memory queue driver would give each pod its own queue.
  if (c.app.envSchemas.includes('QueueEnv')) {
    if (!c.env.has('REDIS_URL'))
      problems.push('REDIS_URL is not set: each pod would run its own in-memory queue');
    const driver = effective(c, 'QUEUE_DRIVER');
    if (driver !== undefined && driver !== 'bullmq')
      problems.push(`QUEUE_DRIVER=${driver}: pods need bullmq`);
  }
  // Likewise rate limits: counted in memory, each pod would allow a tenant the whole limit again.
  if (c.app.envSchemas.includes('RateLimitStoreEnv') && !c.env.has('REDIS_URL'))
    problems.push('REDIS_URL is not set: each pod would count the rate limits on its own');
  if (c.app.envSchemas.includes('StorageEnv')) {
    const root = effective(c, 'STORAGE_LOCAL_ROOT') ?? '';
    const mount = c.container.volumeMounts?.find((m) => m.mountPath === root);
    const volume = c.workload.pod.volumes?.find((v) => v.name === mount?.name);
    if (!volume?.persistentVolumeClaim)
      problems.push(`STORAGE_LOCAL_ROOT ${root} is not a mounted PersistentVolumeClaim`);
  }
  const { requests, limits } = c.container.resources ?? {};
  if (!requests?.cpu || !requests.memory || !limits?.memory)
    problems.push('resources need cpu and memory requests and a memory limit');
  return problems;
}

/** Read by the app's env classes, by Node, or by the OpenTelemetry SDK the app starts. */
function reads(app: AppModel, name: string): boolean {
  return app.env.has(name) || name in RUNTIME_ENV || (app.tracing && OTEL_SDK_ENV.has(name));
}

export function appContainerProblems(c: AppContainer): string[] {
  const problems: string[] = [];
  for (const name of c.env.keys()) {
    if (!reads(c.app, name)) problems.push(`sets ${name}, which ${c.app.name} does not read`);
  }
  for (const variable of c.app.env.values()) {
    if (variable.required && !c.env.has(variable.name))
      problems.push(`${variable.name} is required by ${c.app.name}`);
  }
  problems.push(...commandProblems(c));
  if (c.role === 'service') problems.push(...serviceProblems(c));
  const tag = imageTag(c.container.image);
  if (!tag || tag === 'latest') problems.push(`image ${c.container.image} needs an explicit version tag`);
  const security = c.workload.pod.securityContext;
  if (security?.runAsNonRoot !== true || !security.runAsUser)
    problems.push('the pod must set runAsNonRoot and a numeric non-root runAsUser');
  return problems.map((p) => `${c.where}: ${p}`);
}
