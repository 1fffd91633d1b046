import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@validahub/testing';
import { Answer, ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { freePort } from './platform';

const ROOT = resolve(__dirname, '../../..');

/** Whether a process runs (a zombie, dead but not yet reaped by whoever adopted it, does not). Linux. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** Pids of the live processes whose command line contains every one of `words`. Linux. */
async function processesWith(...words: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (words.every((word) => args.includes(word))) pids.push(Number(entry));
  }
  return pids;
}

/** `npm start` with no Postgres and no Redis: the embedded defaults must run the whole platform. */
describe('npm start on embedded defaults (embedded PostgreSQL, in-memory queue, local files)', () => {
  let dataDir: string;
  let pgdata: string;
  let port: number;
  let launcher: ChildProcess | undefined;
  let output = '';
  let apiKey: string;
  let firstJobId: string;
  const adminToken = randomBytes(24).toString('hex');

  async function start(): Promise<ApiClient> {
    output = '';
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      VALIDAHUB_DATA_DIR: dataDir,
      PORT: String(port),
      JOB_SERVICE_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, [join(ROOT, 'tools/platform/start.mjs')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher = child;
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor(
      () => output,
      (text) => text.includes('ValidaHub is running') || child.exitCode !== null,
      { what: `the launcher to start; output so far:\n${output}`, timeoutMs: 120_000, intervalMs: 200 },
    );
    if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
    return new ApiClient(`http://127.0.0.1:${port}`);
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = launcher;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    return exited;
  }

  /** The pid in the server's lock file, while it runs. */
  async function postmasterPid(): Promise<number> {
    return Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  }

  const describeAnswers = (answers: Answer[]) =>
    answers.map((a) => `${a.status}${a.body?.error ? ` ${a.body.error.code}` : ''}`);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vh-embedded-'));
    // Run as root (CI), Postgres runs as the `postgres` user, which must be able to enter the folder.
    await chmod(dataDir, 0o755);
    pgdata = join(dataDir, 'postgres');
    port = await freePort();
  });

  afterAll(async () => {
    await stop();
    // A test that failed between killing the launcher and the next start leaves its server to stop here.
    for (const pid of await processesWith(pgdata)) {
      process.kill(pid, 'SIGINT');
      await waitFor(
        () => isRunning(pid),
        (running) => !running,
        { what: `the server ${pid} to stop`, timeoutMs: 30_000, intervalMs: 100 },
      );
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a job end to end, tells how to get an API key, stops cleanly and keeps its data', async () => {
    const api = await start();
    expect(output).toContain('/api/v1/admin/tenants');
    expect(output).toContain('embedded PostgreSQL');
    const tenant = await api
      .as(adminToken)
      .call('POST', '/api/v1/admin/tenants', { name: 'Embedded', plan: 'business' });
    expect(tenant.status).toBe(201);
    apiKey = tenant.body.api_key;
    const seller = api.as(apiKey);
    const file = await seller.upload(smallCatalog(10));
    const job = await seller.call('POST', '/api/v1/jobs', catalogJob(file.body.uri));
    expect(job.status).toBe(202);
    firstJobId = job.body.id;
    const done = await waitFor(
      async () => (await seller.job(job.body.id)).body,
      (j) => ['succeeded', 'failed'].includes(j.status),
      { what: 'the job', timeoutMs: 30_000 },
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      queue: 'queue-business',
      result: { summary: { rows: 10 } },
    });
    expect((await api.call('GET', '/health/ready')).status).toBe(200);
    // The in-memory queue has no dashboard: said plainly, not a blank page.
    expect(await api.as(adminToken).call('GET', '/admin/queues')).toMatchObject({
      status: 501,
      body: { error: { code: 'QUEUE_DASHBOARD_UNAVAILABLE' } },
    });

    const server = await postmasterPid();
    expect(await isRunning(server)).toBe(true);
    expect(await stop()).toBe(0);
    // The database went with it: no server left running, its lock file removed by a clean shutdown.
    expect(await isRunning(server)).toBe(false);
    expect(existsSync(join(pgdata, 'postmaster.pid'))).toBe(false);

    // Restarted on the same data folder, the job is still there.
    const again = await start();
    expect((await again.as(apiKey).job(job.body.id)).body).toMatchObject({ status: 'succeeded' });
  });

  it('answers 50 concurrent creates, lists and gets without an error', async () => {
    const seller = new ApiClient(`http://127.0.0.1:${port}`).as(apiKey);
    const file = await seller.upload(smallCatalog(5));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 3 === 0
          ? seller.call('POST', '/api/v1/jobs', catalogJob(file.body.uri))
          : i % 3 === 1
            ? seller.call('GET', '/api/v1/jobs?limit=20')
            : seller.job(firstJobId),
      ),
    );
    expect(describeAnswers(answers.filter((a) => a.status < 200 || a.status > 299))).toEqual([]);
    expect(answers.filter((a, i) => i % 3 === 0 && a.status === 202)).toHaveLength(17);
  });

  it('makes exactly one job per idempotency key when the same request races', async () => {
    const seller = new ApiClient(`http://127.0.0.1:${port}`).as(apiKey);
    const file = await seller.upload(smallCatalog(5));
    const keys = Array.from({ length: 5 }, (_, round) => `race-${round}`);
    for (const key of keys) {
      const body = catalogJob(file.body.uri, { idempotency_key: key });
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => seller.call('POST', '/api/v1/jobs', body)),
      );
      // One creates the job (202); the others replay it (200).
      expect(describeAnswers(answers).sort()).toEqual([
        '200',
        '200',
        '200',
        '200',
        '200',
        '200',
        '200',
        '202',
      ]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    }
    const listed = await seller.call('GET', '/api/v1/jobs?limit=100');
    expect(listed.body.next_cursor).toBeNull();
    const stored = listed.body.items.map((job: { idempotency_key: string | null }) => job.idempotency_key);
    expect(stored.filter((key: string | null) => key?.startsWith('race-')).sort()).toEqual(keys);
  });

  it('stops its database when killed, and a crashed run blocks no later start', async () => {
    // kill -9 of the launcher: its guard stops the server.
    let server = await postmasterPid();
    expect(await stop('SIGKILL')).toBeNull();
    await waitFor(
      () => isRunning(server),
      (running) => !running,
      { what: 'the server of a killed launcher to stop', timeoutMs: 30_000, intervalMs: 100 },
    );

    // Launcher and guard killed at once: the server runs on; the next start stops it and takes over.
    let api = await start();
    server = await postmasterPid();
    const [guard] = await processesWith('postgres-guard', String(server));
    expect(guard).toEqual(expect.any(Number));
    process.kill(guard, 'SIGKILL');
    expect(await stop('SIGKILL')).toBeNull();
    expect(await isRunning(server)).toBe(true);
    api = await start();
    expect(output).toContain(`left running (process ${server})`);
    expect(await isRunning(server)).toBe(false);

    // A lock file naming a live process that is not its server (a crash, then the pid reused).
    expect(await stop()).toBe(0);
    await writeFile(join(pgdata, 'postmaster.pid'), `${process.pid}\n${pgdata}\n`);
    api = await start();
    expect(output).toContain('stale postmaster.pid');
    expect((await api.as(apiKey).job(firstJobId)).body).toMatchObject({ status: 'succeeded' });

    server = await postmasterPid();
    expect(await stop('SIGINT')).toBe(0);
    expect(await isRunning(server)).toBe(false);
    expect(await processesWith(pgdata)).toEqual([]);
  });
});
