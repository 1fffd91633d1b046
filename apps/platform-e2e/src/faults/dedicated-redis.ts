import { ChildProcess, spawn } from 'node:child_process';
import { waitFor } from '@validahub/testing';
import { createConnection } from 'node:net';
import { freePort } from '../platform';

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A Redis of the fault suite's own, without persistence: a kill -9 loses everything it held. */
export class DedicatedRedis {
  private process?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      () => reachable(this.port),
      (up) => up,
      { what: 'redis to listen', timeoutMs: 10_000 },
    );
    return this;
  }

  /** Flushed and gone: the state of a Redis restarted without persistence. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = undefined;
  }

  async dispose(): Promise<void> {
    await this.kill();
  }
}
