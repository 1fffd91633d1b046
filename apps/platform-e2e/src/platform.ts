import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deleteRedisKeys, testInfrastructure, uniqueRedisPrefix, waitFor } from '@validahub/testing';

const ROOT = resolve(__dirname, '../../..');
export const SERVICES = ['job-service', 'csv-worker', 'api-gateway'] as const;
export type Service = (typeof SERVICES)[number];

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  log: WriteStream;
  exited: Promise<number | null>;
}

/**
 * The three built services as separate processes (`node dist/apps/<app>/main.js`) on the run's Postgres
 * database and a Redis prefix of their own, exactly as they are deployed; each one's output goes to a log
 * file that a failing test prints.
 */
export class Platform {
  readonly adminToken = 'e2e-admin-token-0123456789';
  readonly prefix = uniqueRedisPrefix('e2e');
  storageRoot = '';
  private logDir = '';
  private ports = {} as Record<Service, number>;
  private readonly running = new Map<Service, Running>();

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports['api-gateway']}`;
  }

  async start(): Promise<void> {
    this.storageRoot = await mkdtemp(join(tmpdir(), 'vh-e2e-files-'));
    this.logDir = await mkdtemp(join(tmpdir(), 'vh-e2e-logs-'));
    for (const service of SERVICES) this.ports[service] = await freePort();
    for (const service of SERVICES) await this.startService(service);
  }

  private env(service: Service): NodeJS.ProcessEnv {
    const infra = testInfrastructure();
    const common = {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(this.ports[service]),
      REDIS_URL: infra.redisUrl,
      QUEUE_PREFIX: this.prefix,
      STORAGE_LOCAL_ROOT: this.storageRoot,
      INTERNAL_TOKEN: 'e2e-internal-token-0123456789',
    };
    switch (service) {
      case 'job-service':
        return {
          ...common,
          DATABASE_URL: infra.databaseUrl,
          DISPATCH_INTERVAL_MS: '100',
          RECONCILE_INTERVAL_MS: '2000',
          JOB_LEASE_MS: '10000',
        };
      case 'csv-worker':
        return {
          ...common,
          WORKER_CONCURRENCY: '2',
          PROGRESS_INTERVAL_MS: '200',
          CANCEL_POLL_INTERVAL_MS: '250',
          SHUTDOWN_GRACE_MS: '2000',
          QUEUE_LOCK_DURATION_MS: '5000',
        };
      case 'api-gateway':
        return {
          ...common,
          ADMIN_TOKEN: this.adminToken,
          JOB_SERVICE_URL: `http://127.0.0.1:${this.ports['job-service']}`,
          MAX_FILE_SIZE: String(2 * 1024 * 1024),
          MAX_SYNC_FILE_SIZE: String(64 * 1024),
          AUTH_CACHE_TTL_MS: '1000',
        };
    }
  }

  async startService(service: Service): Promise<void> {
    const log = createWriteStream(join(this.logDir, `${service}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', service, 'main.js')], {
      env: this.env(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    this.running.set(service, { child, log, exited });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${this.ports[service]}/health/live`)).status,
      (status) => status === 200,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: `${service} to come up (log: ${join(this.logDir, `${service}.log`)})`,
      },
    );
  }

  /** SIGKILL: a crash, no goodbye. */
  async kill(service: Service): Promise<void> {
    const running = this.running.get(service);
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
    this.running.delete(service);
  }

  /** SIGTERM: a graceful stop; resolves with the exit code. */
  async stop(service: Service): Promise<number | null> {
    const running = this.running.get(service);
    if (!running) return null;
    running.child.kill('SIGTERM');
    const code = await running.exited;
    this.running.delete(service);
    return code;
  }

  async logs(): Promise<string> {
    const parts: string[] = [];
    for (const service of SERVICES) {
      const text = await readFile(join(this.logDir, `${service}.log`), 'utf8').catch(() => '');
      parts.push(`----- ${service} (last lines) -----\n${text.split('\n').slice(-40).join('\n')}`);
    }
    return parts.join('\n');
  }

  async dispose(): Promise<void> {
    for (const service of [...this.running.keys()]) await this.stop(service);
    await deleteRedisKeys(testInfrastructure().redisUrl, `${this.prefix}*`);
    await rm(this.storageRoot, { recursive: true, force: true });
    await rm(this.logDir, { recursive: true, force: true });
  }
}
