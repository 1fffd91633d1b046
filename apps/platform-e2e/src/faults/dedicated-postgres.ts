import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../platform';

function postgresBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort().pop();
  const path = join(root, version ?? '', 'bin', tool);
  if (!existsSync(path))
    throw new Error(`${path} not found: the fault suite needs the PostgreSQL server binaries`);
  return path;
}

/**
 * A Postgres server of the fault suite's own (initdb in a temp folder, run as the `postgres` user), so it
 * can be crashed and restarted without touching the machine's shared server.
 */
export class DedicatedPostgres {
  private dataDir = '';
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private asPostgres(tool: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', postgresBin(tool), ...args], {
      stdio: 'pipe',
      cwd: tmpdir(),
    });
  }

  async init(): Promise<this> {
    this.dataDir = mkdtempSync(join(tmpdir(), 'vh-faults-pg-'));
    const { uid, gid } = {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
    };
    chownSync(this.dataDir, uid, gid);
    this.asPostgres('initdb', ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    this.port = await freePort();
    this.start();
    return this;
  }

  start(): void {
    this.asPostgres('pg_ctl', [
      '-D',
      this.dataDir,
      '-w',
      '-t',
      '30',
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
  }

  /** `immediate` is a crash: no checkpoint, connections dropped; Postgres recovers from its WAL on start. */
  stop(mode: 'fast' | 'immediate' = 'immediate'): void {
    this.asPostgres('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  dispose(): void {
    try {
      this.stop('fast');
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
