import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@validahub/testing';
import { freePort } from './platform';

const ROOT = resolve(__dirname, '../../..');

/** `npm start` (tools/platform/start.mjs) as a child process, on a data folder of its own. */
export class EmbeddedPlatform {
  readonly adminToken = randomBytes(24).toString('hex');
  dataDir = '';
  gatewayPort = 0;
  jobServicePort = 0;
  output = '';
  private launcher?: ChildProcess;

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.gatewayPort}`;
  }

  get jobServiceUrl(): string {
    return `http://127.0.0.1:${this.jobServicePort}`;
  }

  get storageRoot(): string {
    return join(this.dataDir, 'files');
  }

  /** The launcher's process id while it runs (all three services live in it). */
  get pid(): number | undefined {
    return this.launcher && this.launcher.exitCode === null ? this.launcher.pid : undefined;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    if (!this.dataDir) {
      this.dataDir = await mkdtemp(join(tmpdir(), 'vh-embedded-'));
      // Run as root (CI), Postgres runs as the `postgres` user, which must be able to enter the folder.
      await chmod(this.dataDir, 0o755);
    }
    this.gatewayPort ||= await freePort();
    this.jobServicePort ||= await freePort();
    this.output = '';
    this.launcher = spawn(process.execPath, [join(ROOT, 'tools/platform/start.mjs')], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        VALIDAHUB_DATA_DIR: this.dataDir,
        PORT: String(this.gatewayPort),
        JOB_SERVICE_PORT: String(this.jobServicePort),
        WORKER_HEALTH_PORT: String(await freePort()),
        ADMIN_TOKEN: this.adminToken,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.launcher.stdout?.on('data', (chunk) => (this.output += chunk));
    this.launcher.stderr?.on('data', (chunk) => (this.output += chunk));
    await waitFor(
      () => this.output,
      (text) => text.includes('ValidaHub is running'),
      { what: `the launcher to start; output so far:\n${this.output}`, timeoutMs: 120_000, intervalMs: 200 },
    );
  }

  /** SIGTERM; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.launcher;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    return exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
