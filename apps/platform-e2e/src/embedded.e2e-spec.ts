import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { freePort } from './platform';

const ROOT = resolve(__dirname, '../../..');

/** `npm start` with no Postgres and no Redis: the embedded defaults must run the whole platform. */
describe('npm start on embedded defaults (PGlite, in-memory queue, local files)', () => {
  let dataDir: string;
  let port: number;
  let launcher: ChildProcess | undefined;
  let output = '';
  const adminToken = randomBytes(24).toString('hex');

  async function start(): Promise<ApiClient> {
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
    launcher = spawn(process.execPath, [join(ROOT, 'tools/platform/start.mjs')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (chunk) => (output += chunk));
    launcher.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor(
      () => output,
      (text) => text.includes('ValidaHub is running'),
      { what: `the launcher to start; output so far:\n${output}`, timeoutMs: 120_000, intervalMs: 200 },
    );
    return new ApiClient(`http://127.0.0.1:${port}`);
  }

  async function stop(): Promise<number | null> {
    const child = launcher;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    return exited;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vh-embedded-'));
    port = await freePort();
  });

  afterAll(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a job end to end, tells how to get an API key, stops cleanly and keeps its data', async () => {
    const api = await start();
    expect(output).toContain('/api/v1/admin/tenants');
    expect(output).toContain('embedded Postgres (PGlite)');
    const tenant = await api
      .as(adminToken)
      .call('POST', '/api/v1/admin/tenants', { name: 'Embedded', plan: 'business' });
    expect(tenant.status).toBe(201);
    const seller = api.as(tenant.body.api_key);
    const file = await seller.upload(smallCatalog(10));
    const job = await seller.call('POST', '/api/v1/jobs', catalogJob(file.body.uri));
    expect(job.status).toBe(202);
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

    expect(await stop()).toBe(0);
    // Restarted on the same data folder, the job is still there.
    output = '';
    const again = await start();
    expect((await again.as(tenant.body.api_key).job(job.body.id)).body).toMatchObject({
      status: 'succeeded',
    });
  });
});
