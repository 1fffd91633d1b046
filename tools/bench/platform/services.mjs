// The three services as deployed (`node dist/apps/<app>/main.js`, separate processes) on the machine's
// Postgres and Redis, each in a database and key prefix of this run's own, with default settings unless the
// caller overrides them. Logs go to files (info level, as deployed), not to the terminal.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const REDIS_URL = 'redis://127.0.0.1:6379';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitLive(url, what, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${what} did not come up at ${url}`);
    await sleep(100);
  }
}

/** CPU seconds a process has used so far, from /proc: user and system (kernel, on its behalf). */
export function cpuTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command.
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** CPU seconds of every process of the machine's Postgres cluster (its backends do the SQL work). */
export function postgresCpuSeconds() {
  const out = execFileSync('ps', ['-o', 'pid=', '-u', 'postgres'], { encoding: 'utf8' });
  let total = 0;
  for (const pid of out.split('\n').map((l) => l.trim()).filter(Boolean)) {
    try {
      total += cpuSeconds(pid);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

export class Services {
  constructor(root, { env = {}, workers = 1, jobServices = 1, label = 'bench' } = {}) {
    this.root = root;
    this.env = env;
    this.workers = workers;
    this.jobServices = jobServices;
    this.database = `vh_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
    this.prefix = `vh${label}${randomBytes(4).toString('hex')}`;
    this.adminToken = randomBytes(24).toString('hex');
    this.internalToken = randomBytes(24).toString('hex');
    // The files live on the repository's disk, as on a service's data volume (the system temp folder of
    // these machines is several times slower at creating folders, which would be measured instead).
    mkdirSync(join(root, 'tmp'), { recursive: true });
    this.dir = mkdtempSync(join(root, 'tmp', `vh-${label}-`));
    this.processes = new Map();
  }

  get databaseUrl() {
    return `postgres://${PG.user}@${PG.host}:${PG.port}/${this.database}`;
  }

  get gatewayUrl() {
    return this.urls.get('api-gateway');
  }

  async start() {
    execFileSync('createdb', ['-h', PG.host, '-U', PG.user, this.database]);
    this.urls = new Map();
    const common = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      STORAGE_LOCAL_ROOT: join(this.dir, 'files'),
      INTERNAL_TOKEN: this.internalToken,
    };
    const jobServiceUrls = [];
    for (let i = 0; i < this.jobServices; i++) {
      const name = i === 0 ? 'job-service' : `job-service-${i + 1}`;
      const port = await freePort();
      await this.spawn(name, 'job-service', {
        ...common,
        PORT: String(port),
        DATABASE_URL: this.databaseUrl,
        MAX_QUEUED_JOBS_ENTERPRISE: '1000000',
        ...this.env['job-service'],
      });
      jobServiceUrls.push(this.urls.get(name));
    }
    for (let i = 0; i < this.workers; i++) {
      const name = i === 0 ? 'csv-worker' : `csv-worker-${i + 1}`;
      await this.spawn(name, 'csv-worker', {
        ...common,
        PORT: String(await freePort()),
        WORKER_ID: name,
        ...this.env['csv-worker'],
      });
    }
    // With several job-service replicas, the gateway spreads its calls over them through a local balancer.
    const jobServiceUrl = jobServiceUrls.length === 1 ? jobServiceUrls[0] : await this.balancer(jobServiceUrls);
    await this.spawn('api-gateway', 'api-gateway', {
      ...common,
      PORT: String(await freePort()),
      ADMIN_TOKEN: this.adminToken,
      JOB_SERVICE_URL: jobServiceUrl,
      // The bench measures the platform's speed, not a plan's limits: the rate limiter still counts every
      // request (its Redis round trip is in the figures), with a rate no client here reaches.
      RATE_LIMIT_PREFIX: this.prefix,
      RATE_LIMIT_RPS_ENTERPRISE: '1000000',
      ...this.env['api-gateway'],
    });
  }

  async spawn(name, app, env) {
    const log = createWriteStream(join(this.dir, `${name}.log`));
    const child = spawn(process.execPath, [...(env.NODE_ARGS ?? '').split(' ').filter(Boolean), join(this.root, 'dist/apps', app, 'main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: this.dir,
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.processes.set(name, child);
    this.urls.set(name, `http://127.0.0.1:${env.PORT}`);
    await waitLive(this.urls.get(name), name);
  }

  /** A round-robin TCP balancer in this process (what a Kubernetes Service does between replicas). */
  async balancer(urls) {
    const { createServer: createTcpServer, connect } = await import('node:net');
    let next = 0;
    const targets = urls.map((u) => new URL(u));
    const server = createTcpServer((socket) => {
      const target = targets[next++ % targets.length];
      const upstream = connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.balancerServer = server;
    return `http://127.0.0.1:${server.address().port}`;
  }

  pid(name) {
    return this.processes.get(name)?.pid;
  }

  names() {
    return [...this.processes.keys()];
  }

  kill(name, signal = 'SIGKILL') {
    const child = this.processes.get(name);
    child?.kill(signal);
    this.processes.delete(name);
    return child ? new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', () => done()))) : undefined;
  }

  async stop() {
    for (const [name, child] of [...this.processes].reverse()) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
      this.processes.delete(name);
    }
    this.balancerServer?.close();
    try {
      execFileSync('dropdb', ['-h', PG.host, '-U', PG.user, '--force', this.database]);
    } catch {
      // already gone
    }
    execFileSync('redis-cli', ['--scan', '--pattern', `${this.prefix}*`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .reduce((batches, key, i) => ((batches[Math.floor(i / 500)] ??= []).push(key), batches), [])
      .forEach((keys) => execFileSync('redis-cli', ['del', ...keys]));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
