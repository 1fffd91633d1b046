import { parse } from 'yaml';
import { composeProblems, ComposeFile } from './support/compose-checks';
import { readText } from './support/workspace';

const load = (path: string) => parse(readText(path));

function env(file: ComposeFile, service: string): Record<string, string> {
  const environment = file.services[service]?.environment;
  if (!environment) throw new Error(`${service} has no environment`);
  return environment;
}

describe('docker/compose.yaml with docker/compose.otel.yaml', () => {
  let base: ComposeFile;
  let otel: ComposeFile;
  let collector: unknown;
  beforeAll(() => {
    base = load('docker/compose.yaml');
    otel = load('docker/compose.otel.yaml');
    collector = load('docker/otel-collector.yaml');
  });

  it('runs the migrations, then the three services, consistently with the apps and images', () => {
    expect(composeProblems(base, otel, collector)).toEqual([]);
  });

  it('keeps the OpenTelemetry collector optional', () => {
    expect(base.services['otel-collector'].profiles).toEqual(['otel']);
    expect(Object.values(base.services).filter((s) => s.profiles)).toHaveLength(1);
  });

  const MISTAKES: [string, (b: ComposeFile, o: ComposeFile) => void, RegExp][] = [
    [
      'a variable no app reads',
      (b) => (env(b, 'api-gateway').GATEWAY_HOST = 'x'),
      /api-gateway: sets GATEWAY_HOST, which api-gateway does not read/,
    ],
    [
      'a required variable missing',
      (b) => delete env(b, 'api-gateway').ADMIN_TOKEN,
      /ADMIN_TOKEN is required/,
    ],
    [
      'the job-service published',
      (b) => (b.services['job-service'].ports = ['3001:3001']),
      /job-service: publishes 3001:3001: only the gateway is public/,
    ],
    [
      'a published port the app does not listen on',
      (b) => (b.services['api-gateway'].ports = ['3000:8080']),
      /publishes 3000:8080; api-gateway listens on 3000/,
    ],
    ['a worker without Redis', (b) => delete env(b, 'csv-worker').REDIS_URL, /REDIS_URL is not set/],
    [
      'a gateway without Redis for its rate limits',
      (b) => delete env(b, 'api-gateway').REDIS_URL,
      /count the rate limits on its own/,
    ],
    [
      'a gateway on another Redis than the queue',
      (b) => (env(b, 'api-gateway').REDIS_URL = 'redis://job-service:6379'),
      /REDIS_URL differs/,
    ],
    [
      'a Redis URL to no service',
      (b) => (env(b, 'csv-worker').REDIS_URL = 'redis://cache:6379'),
      /csv-worker: REDIS_URL does not name a compose service/,
    ],
    [
      'files on a container-local folder',
      (b) => (b.services['csv-worker'].volumes = []),
      /STORAGE_LOCAL_ROOT \/data\/files is not on a named volume/,
    ],
    [
      'files on different volumes',
      (b) => (b.services['csv-worker'].volumes = ['pgdata:/data/files']),
      /must share one files volume/,
    ],
    [
      'a worker stopped before its tasks end',
      (b) => (b.services['csv-worker'].stop_grace_period = '120s'),
      /csv-worker: stop_grace_period must cover the app's 345 s shutdown/,
    ],
    [
      'a job-service that does not wait for migrations',
      (b) => (b.services['job-service'].depends_on = { migrate: { condition: 'service_started' } }),
      /must start after the migrations complete/,
    ],
    [
      'migrations run again at start',
      (b) => (env(b, 'job-service').DATABASE_MIGRATIONS_RUN = 'true'),
      /DATABASE_MIGRATIONS_RUN must be false/,
    ],
    [
      'an unknown subcommand',
      (b) => (b.services.migrate.command = ['node', 'main.js', 'migrations']),
      /a task must run node main.js <migrate>/,
    ],
    [
      'the gateway calling a wrong port',
      (b) => (env(b, 'api-gateway').JOB_SERVICE_URL = 'http://job-service:3000'),
      /JOB_SERVICE_URL http:\/\/job-service:3000 does not reach the job-service/,
    ],
    [
      'internal tokens that differ',
      (b) => (env(b, 'api-gateway').INTERNAL_TOKEN = '${OTHER_TOKEN:?set it}'),
      /INTERNAL_TOKEN differs/,
    ],
    [
      'a known default admin token',
      (b) => (env(b, 'api-gateway').ADMIN_TOKEN = '${ADMIN_TOKEN:-local-admin-token-change-me}'),
      /api-gateway: ADMIN_TOKEN must be \$\{ADMIN_TOKEN:\?…\}/,
    ],
    [
      'waiting for a health check that does not exist',
      (b) => delete b.services.redis.healthcheck,
      /waits for redis to be healthy, which has no health check/,
    ],
    [
      'OpenTelemetry variables outside the profile',
      (b) => (env(b, 'csv-worker').OTEL_SERVICE_NAME = 'csv-worker'),
      /OTEL_SERVICE_NAME belongs in compose.otel.yaml/,
    ],
    [
      'a misspelt OpenTelemetry variable',
      (_, o) => (env(o, 'csv-worker').OTEL_TRACE_EXPORTER = 'otlp'),
      /sets OTEL_TRACE_EXPORTER, not an OpenTelemetry SDK variable/,
    ],
    [
      'an exporter on the gRPC port over HTTP',
      (_, o) => (env(o, 'job-service').OTEL_EXPORTER_OTLP_ENDPOINT = 'http://otel-collector:4317'),
      /exports to port 4317; the collector's http receiver is 0.0.0.0:4318/,
    ],
    [
      'a collector outside the profile',
      (b) => delete b.services['otel-collector'].profiles,
      /not the collector of the otel profile/,
    ],
    [
      'a service reporting under another name',
      (_, o) => (env(o, 'api-gateway').OTEL_SERVICE_NAME = 'gateway'),
      /must report as OTEL_SERVICE_NAME=api-gateway/,
    ],
  ];

  it.each(MISTAKES)('reports %s', (_, mistake, reported) => {
    const [b, o] = [structuredClone(base), structuredClone(otel)];
    mistake(b, o);
    expect(composeProblems(b, o, collector).join('\n')).toMatch(reported);
  });
});
