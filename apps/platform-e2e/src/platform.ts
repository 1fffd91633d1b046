import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deleteRedisKeys, testInfrastructure, uniqueRedisPrefix, waitFor } from '@validahub/testing';

const ROOT = resolve(__dirname, '../../..');
export const APPS = ['job-service', 'csv-worker', 'api-gateway'] as const;
export type App = (typeof APPS)[number];
/** A running instance: an app name, or `csv-worker-2` (`api-gateway-2`) for the second of several. */
export type Instance = App | `csv-worker-${number}` | `api-gateway-${number}`;

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

export interface PlatformOptions {
  /** Defaults to the run's database and the machine's Redis. */
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly workers?: number;
  /** Gateway replicas, each with its own API-key cache (default 1). */
  readonly gateways?: number;
  /** Extra environment per app. */
  readonly env?: Partial<Record<App, Record<string, string>>>;
}

const appOf = (instance: Instance): App =>
  (APPS as readonly string[]).includes(instance) ? (instance as App) : (instance.replace(/-\d+$/, '') as App);

/** `name`, `name-2`, … `name-<count>`. */
const replicas = <A extends App>(name: A, count: number): (A | `${A}-${number}`)[] =>
  Array.from({ length: count }, (_, i) => (i === 0 ? name : (`${name}-${i + 1}` as const)));

/**
 * The built services as separate processes (`node dist/apps/<app>/main.js`) on real Postgres and Redis
 * (a key prefix of their own), exactly as they are deployed; each one's output goes to a log file that a
 * failing test prints.
 */
export class Platform {
  readonly adminToken = randomBytes(24).toString('hex');
  readonly internalToken = randomBytes(24).toString('hex');
  readonly prefix = uniqueRedisPrefix('e2e');
  storageRoot = '';
  private logDir = '';
  private readonly ports = new Map<Instance, number>();
  private readonly running = new Map<Instance, Running>();

  constructor(private readonly options: PlatformOptions = {}) {}

  get instances(): Instance[] {
    return [
      'job-service',
      ...replicas('csv-worker', this.options.workers ?? 1),
      ...replicas('api-gateway', this.options.gateways ?? 1),
    ];
  }

  get gatewayUrl(): string {
    return this.urlOf('api-gateway');
  }

  /** Where an instance listens (the worker serves only health and metrics). */
  urlOf(instance: Instance): string {
    return `http://127.0.0.1:${this.ports.get(instance)}`;
  }

  async start(): Promise<void> {
    this.storageRoot = await mkdtemp(join(tmpdir(), 'vh-e2e-files-'));
    this.logDir = await mkdtemp(join(tmpdir(), 'vh-e2e-logs-'));
    for (const instance of this.instances) this.ports.set(instance, await freePort());
    for (const instance of this.instances) await this.startService(instance);
  }

  private env(instance: Instance): NodeJS.ProcessEnv {
    const app = appOf(instance);
    const common = {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(this.ports.get(instance)),
      REDIS_URL: this.options.redisUrl ?? testInfrastructure().redisUrl,
      QUEUE_PREFIX: this.prefix,
      STORAGE_LOCAL_ROOT: this.storageRoot,
      INTERNAL_TOKEN: this.internalToken,
    };
    const own: Record<App, Record<string, string>> = {
      'job-service': {
        DATABASE_URL: this.options.databaseUrl ?? testInfrastructure().databaseUrl,
        DISPATCH_INTERVAL_MS: '100',
        RECONCILE_INTERVAL_MS: '2000',
        JOB_LEASE_MS: '10000',
      },
      'csv-worker': {
        WORKER_ID: instance,
        WORKER_CONCURRENCY: '2',
        PROGRESS_INTERVAL_MS: '200',
        CANCEL_POLL_INTERVAL_MS: '250',
        SHUTDOWN_GRACE_MS: '2000',
        QUEUE_LOCK_DURATION_MS: '5000',
      },
      'api-gateway': {
        ADMIN_TOKEN: this.adminToken,
        JOB_SERVICE_URL: `http://127.0.0.1:${this.ports.get('job-service')}`,
        MAX_FILE_SIZE: String(2 * 1024 * 1024),
        MAX_SYNC_FILE_SIZE: String(64 * 1024),
        AUTH_CACHE_TTL_MS: '1000',
        // The limits' counters in the run's Redis prefix (REDIS_URL above), removed with it.
        RATE_LIMIT_PREFIX: this.prefix,
      },
    };
    return { ...common, ...own[app], ...this.options.env?.[app] };
  }

  async startService(instance: Instance): Promise<void> {
    const log = createWriteStream(join(this.logDir, `${instance}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', appOf(instance), 'main.js')], {
      env: this.env(instance),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    this.running.set(instance, { child, log, exited });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${this.ports.get(instance)}/health/live`)).status,
      (status) => status === 200,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: `${instance} to come up (log: ${join(this.logDir, `${instance}.log`)})`,
      },
    );
  }

  /** The process id of a running instance (to look at its open files), or undefined once it has exited. */
  pidOf(instance: Instance): number | undefined {
    const running = this.running.get(instance);
    return running && running.child.exitCode === null ? running.child.pid : undefined;
  }

  /** SIGKILL: a crash, no goodbye. */
  async kill(instance: Instance): Promise<void> {
    const running = this.running.get(instance);
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
    this.running.delete(instance);
  }

  /** SIGTERM: a graceful stop; resolves with the exit code. */
  async stop(instance: Instance): Promise<number | null> {
    const running = this.running.get(instance);
    if (!running) return null;
    running.child.kill('SIGTERM');
    const code = await running.exited;
    this.running.delete(instance);
    return code;
  }

  async logs(lines = 40): Promise<string> {
    const parts: string[] = [];
    for (const instance of this.instances) {
      const text = await readFile(join(this.logDir, `${instance}.log`), 'utf8').catch(() => '');
      parts.push(`----- ${instance} (last lines) -----\n${text.split('\n').slice(-lines).join('\n')}`);
    }
    return parts.join('\n');
  }

  /** Every JSON log line the services have finished writing so far (a line still being written is left out). */
  async jsonLogs(): Promise<Record<string, unknown>[]> {
    const entries: Record<string, unknown>[] = [];
    for (const instance of this.instances) {
      const text = await readFile(join(this.logDir, `${instance}.log`), 'utf8').catch(() => '');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      for (const line of complete.split('\n'))
        if (line.startsWith('{')) entries.push(JSON.parse(line) as Record<string, unknown>);
    }
    return entries;
  }

  async dispose(): Promise<void> {
    for (const instance of [...this.running.keys()]) await this.stop(instance);
    await deleteRedisKeys(this.options.redisUrl ?? testInfrastructure().redisUrl, `${this.prefix}*`).catch(
      () => undefined,
    );
    await rm(this.storageRoot, { recursive: true, force: true });
    await rm(this.logDir, { recursive: true, force: true });
  }
}
