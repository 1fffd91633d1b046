import { existsSync } from 'node:fs';
import { AppModel, appModel, deployableApps } from './app-model';
import { RUNTIME_ENV } from './app-containers';
import { buildOutput } from './build-output';
import { all, envOf, parseDockerfile } from './dockerfile';
import { OTEL_SDK_ENV, OTLP_RECEIVER } from './otel-env';
import { shutdownLimitMs } from './shutdown-limit';
import { fromRoot, readText } from './workspace';

// docker/compose.yaml (and the OpenTelemetry override) against the apps and their Dockerfiles: what each
// service is given, what it can reach, in which order it starts, and how long it may take to stop.

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: unknown;
  profiles?: string[];
  stop_grace_period?: string;
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface AppService {
  readonly key: string;
  readonly app: AppModel;
  readonly service: ComposeService;
  /** Set by compose (defaults of `${VAR:-default}` applied), then by the image's ENV. */
  readonly env: ReadonlyMap<string, string>;
  readonly imageEnv: ReadonlyMap<string, string>;
  readonly role: 'task' | 'service';
}

const COMPOSE_DIR = 'docker';

/**
 * `${NAME:-default}` → default: the value a plain `docker compose up` uses; `${NAME:?message}` (compose
 * stops unless the environment sets it) → `<NAME>`, a stand-in for the value the operator supplies.
 */
function interpolate(value: string): string {
  return value
    .replace(/\$\{([A-Za-z0-9_]+):\?[^}]*\}/g, (_, name: string) => `<${name}>`)
    .replace(
      /\$\{([A-Za-z0-9_]+)(?::?-([^}]*))?\}/g,
      (_, _name: string, fallback?: string) => fallback ?? '',
    );
}

/** Secrets that must come from the operator: a default would be a token everybody knows. */
const OPERATOR_SECRETS = ['ADMIN_TOKEN', 'INTERNAL_TOKEN'];

function secretProblems(file: ComposeFile): string[] {
  return Object.entries(file.services).flatMap(([key, service]) =>
    Object.entries(service.environment ?? {})
      .filter(([name]) => OPERATOR_SECRETS.includes(name))
      .filter(([name, value]) => !new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`).test(String(value)))
      .map(([name]) => `${key}: ${name} must be \${${name}:?…}: required from the environment, no default`),
  );
}

function durationMs(value: string | undefined): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value ?? '');
  if (!value || !match) return 10_000; // compose's default
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
}

function effective(s: AppService, name: string): string | undefined {
  const value = s.env.get(name) ?? s.imageEnv.get(name) ?? s.app.env.get(name)?.defaultValue;
  return value === undefined ? undefined : String(value);
}

function appServices(compose: ComposeFile): { services: AppService[]; problems: string[] } {
  const problems: string[] = [];
  const services: AppService[] = [];
  for (const [key, service] of Object.entries(compose.services)) {
    const dockerfile = service.build?.dockerfile ?? '';
    const app = /^docker\/(.+)\.Dockerfile$/.exec(dockerfile)?.[1];
    if (!app) continue;
    if (!deployableApps().includes(app)) {
      problems.push(`${key}: ${dockerfile} is not the Dockerfile of an app`);
      continue;
    }
    if (fromRoot(COMPOSE_DIR, service.build?.context ?? '') !== fromRoot())
      problems.push(`${key}: the build context must be the repository root`);
    if (!service.image?.startsWith(`validahub/${app}:`))
      problems.push(`${key}: image must be validahub/${app}:<tag>`);
    const runtime = parseDockerfile(readText(dockerfile)).at(-1);
    const env = new Map(
      Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
    );
    services.push({
      key,
      app: appModel(app),
      service,
      env,
      imageEnv: runtime ? envOf(runtime) : new Map(),
      role: service.command ? 'task' : 'service',
    });
  }
  return { services, problems };
}

function urlTarget(raw: string | undefined): { host: string; port: number } | undefined {
  try {
    const url = new URL(raw ?? '');
    return { host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  } catch {
    return undefined;
  }
}

function serviceProblems(s: AppService, all: AppService[], compose: ComposeFile): string[] {
  const problems: string[] = [];
  const { service, app } = s;
  for (const name of s.env.keys()) {
    if (!app.env.has(name) && !(name in RUNTIME_ENV))
      problems.push(`sets ${name}, which ${app.name} does not read`);
  }
  for (const v of app.env.values()) {
    if (v.required && !s.env.has(v.name)) problems.push(`${v.name} is required by ${app.name}`);
  }
  const port = Number(effective(s, 'PORT'));
  for (const mapping of service.ports ?? []) {
    if (app.name !== 'api-gateway') problems.push(`publishes ${mapping}: only the gateway is public`);
    if (Number(interpolate(mapping).split(':').at(-1)) !== port)
      problems.push(`publishes ${mapping}; ${app.name} listens on ${port}`);
  }
  if (s.role === 'task') {
    const main = buildOutput(app.name).mainFile;
    const [node, script, subcommand, ...rest] = service.command ?? [];
    if (node !== 'node' || script !== main || rest.length > 0 || !app.subcommands.includes(subcommand))
      problems.push(`a task must run node ${main} <${app.subcommands.join('|')}>`);
    if (service.restart !== 'no') problems.push("a task runs once: restart: 'no'");
    return problems;
  }
  if (app.envSchemas.includes('QueueEnv') && !s.env.has('REDIS_URL'))
    problems.push('REDIS_URL is not set: each container would run its own in-memory queue');
  if (app.envSchemas.includes('RateLimitStoreEnv') && !s.env.has('REDIS_URL'))
    problems.push('REDIS_URL is not set: each container would count the rate limits on its own');
  if (app.envSchemas.includes('StorageEnv')) {
    const root = effective(s, 'STORAGE_LOCAL_ROOT');
    const volume = (service.volumes ?? [])
      .map((v) => v.split(':'))
      .find(([, target]) => target === root)?.[0];
    if (!volume || !(volume in (compose.volumes ?? {})))
      problems.push(`STORAGE_LOCAL_ROOT ${root} is not on a named volume`);
  }
  const graceMs = durationMs(service.stop_grace_period);
  const limitMs = shutdownLimitMs(app.name, (name) => Number(effective(s, name)));
  if (graceMs < limitMs) problems.push(`stop_grace_period must cover the app's ${limitMs / 1000} s shutdown`);
  if (app.env.has('TASK_HARD_TIME_LIMIT_MS') && graceMs <= Number(effective(s, 'TASK_HARD_TIME_LIMIT_MS')))
    problems.push('stop_grace_period must exceed TASK_HARD_TIME_LIMIT_MS');
  for (const name of ['DATABASE_URL', 'REDIS_URL']) {
    const target = urlTarget(s.env.get(name));
    if (s.env.has(name) && !(target && target.host in compose.services))
      problems.push(`${name} does not name a compose service`);
  }
  const jobServiceUrl = s.env.get('JOB_SERVICE_URL');
  if (jobServiceUrl) {
    const target = urlTarget(jobServiceUrl);
    const jobService = all.find(
      (o) => o.key === target?.host && o.role === 'service' && o.app.name === 'job-service',
    );
    if (!jobService || Number(effective(jobService, 'PORT')) !== target?.port)
      problems.push(`JOB_SERVICE_URL ${jobServiceUrl} does not reach the job-service`);
  }
  return problems;
}

function imageHasHealthcheck(service: ComposeService): boolean {
  const dockerfile = service.build?.dockerfile;
  const runtime = dockerfile ? parseDockerfile(readText(dockerfile)).at(-1) : undefined;
  return runtime !== undefined && all(runtime, 'HEALTHCHECK').length > 0;
}

function startupProblems(services: AppService[], compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const s of services) {
    for (const [dependency, { condition }] of Object.entries(s.service.depends_on ?? {})) {
      const target = compose.services[dependency];
      if (!target) problems.push(`${s.key}: depends on ${dependency}, which is not a service`);
      else if (condition === 'service_healthy' && !target.healthcheck && !imageHasHealthcheck(target))
        problems.push(`${s.key}: waits for ${dependency} to be healthy, which has no health check`);
    }
  }
  const migrations = services.filter((s) => s.role === 'task' && s.service.command?.[2] === 'migrate');
  for (const jobService of services.filter((s) => s.role === 'service' && s.app.name === 'job-service')) {
    const waits = migrations.some(
      (m) => jobService.service.depends_on?.[m.key]?.condition === 'service_completed_successfully',
    );
    if (!waits)
      problems.push(
        `${jobService.key}: must start after the migrations complete (service_completed_successfully)`,
      );
    if (!['false', '0', 'no', 'off'].includes(effective(jobService, 'DATABASE_MIGRATIONS_RUN') ?? ''))
      problems.push(`${jobService.key}: DATABASE_MIGRATIONS_RUN must be false: the migrate service ran them`);
  }
  return problems;
}

/** The env classes of apps that talk to Redis: one Redis for all of them. */
const REDIS_SCHEMAS = ['QueueEnv', 'RateLimitStoreEnv'];

function sharedProblems(services: AppService[]): string[] {
  const long = services.filter((s) => s.role === 'service');
  const differ = (group: AppService[], name: string) =>
    new Set(group.map((s) => effective(s, name))).size > 1
      ? [`${name} differs between ${group.map((s) => s.key).join(', ')}`]
      : [];
  const volumes = new Set(
    long
      .filter((s) => s.app.envSchemas.includes('StorageEnv'))
      .map(
        (s) =>
          (s.service.volumes ?? [])
            .map((v) => v.split(':'))
            .find(([, t]) => t === effective(s, 'STORAGE_LOCAL_ROOT'))?.[0],
      ),
  );
  const missing = deployableApps().filter((app) => !long.some((s) => s.app.name === app));
  return [
    ...(missing.length > 0 ? [`no service runs ${missing.join(', ')}`] : []),
    ...differ(
      long.filter((s) => s.app.envSchemas.some((schema) => REDIS_SCHEMAS.includes(schema))),
      'REDIS_URL',
    ),
    ...differ(
      long.filter((s) => s.app.envSchemas.includes('QueueEnv')),
      'QUEUE_PREFIX',
    ),
    ...differ(
      long.filter((s) => ['api-gateway', 'job-service'].includes(s.app.name)),
      'INTERNAL_TOKEN',
    ),
    ...(volumes.size === 1
      ? []
      : [`the services must share one files volume, not ${[...volumes].join(', ')}`]),
  ];
}

function otelProblems(base: ComposeFile, otel: ComposeFile, collector: any): string[] {
  const problems: string[] = [];
  for (const [key, service] of Object.entries(base.services)) {
    for (const name of Object.keys(service.environment ?? {})) {
      if (name.startsWith('OTEL_'))
        problems.push(`${key}: ${name} belongs in compose.otel.yaml, with the collector profile`);
    }
  }
  for (const [key, service] of Object.entries(otel.services)) {
    if (!base.services[key]) problems.push(`compose.otel.yaml: ${key} is not a service of compose.yaml`);
    const env = service.environment ?? {};
    for (const name of Object.keys(env)) {
      if (!OTEL_SDK_ENV.has(name))
        problems.push(`compose.otel.yaml: ${key} sets ${name}, not an OpenTelemetry SDK variable`);
    }
    if (env.OTEL_SERVICE_NAME !== key)
      problems.push(`compose.otel.yaml: ${key} must report as OTEL_SERVICE_NAME=${key}`);
    const target = urlTarget(env.OTEL_EXPORTER_OTLP_ENDPOINT);
    const receiver = OTLP_RECEIVER[env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf'];
    const endpoint: string | undefined = collector?.receivers?.otlp?.protocols?.[receiver]?.endpoint;
    const collectorService = target ? base.services[target.host] : undefined;
    if (!collectorService?.profiles?.includes('otel'))
      problems.push(
        `compose.otel.yaml: ${key} exports to ${target?.host}, not the collector of the otel profile`,
      );
    if (!endpoint || Number(endpoint.split(':').at(-1)) !== target?.port)
      problems.push(
        `compose.otel.yaml: ${key} exports to port ${target?.port}; the collector's ${receiver} receiver is ${endpoint}`,
      );
    if (!Object.keys(service.depends_on ?? {}).includes(target?.host ?? ''))
      problems.push(`compose.otel.yaml: ${key} must depend on ${target?.host}`);
  }
  for (const [key, service] of Object.entries(base.services).filter(([, s]) =>
    s.profiles?.includes('otel'),
  )) {
    for (const source of (service.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((v) => v.startsWith('.'))) {
      if (!existsSync(fromRoot(COMPOSE_DIR, source)))
        problems.push(`${key}: mounts ${source}, which does not exist`);
    }
  }
  return problems;
}

export function composeProblems(base: ComposeFile, otel: ComposeFile, collectorConfig: unknown): string[] {
  const { services, problems } = appServices(base);
  return [
    ...problems,
    ...services.flatMap((s) => serviceProblems(s, services, base).map((p) => `${s.key}: ${p}`)),
    ...startupProblems(services, base),
    ...sharedProblems(services),
    ...secretProblems(base),
    ...otelProblems(base, otel, collectorConfig),
  ];
}
