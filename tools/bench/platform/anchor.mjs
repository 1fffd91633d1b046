// The seed's own design (../shared/anchors/celery-seed: Celery prefork + a Postgres row per job), run on this
// machine in the same bench run, so that every platform figure is a ratio to it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the anchor is, from the repository root (a sibling checkout of the shared folder). */
export function anchorDir(root) {
  return resolve(root, '../shared/anchors/celery-seed');
}

/** Runs it; null (with the reason) when it cannot run here (its Debian packages are missing). */
export function runAnchor(root, { n, clients }) {
  const dir = anchorDir(root);
  if (!existsSync(join(dir, 'seed_design.py'))) return { skipped: `no anchor at ${dir}` };
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import celery, psycopg2, redis'], { stdio: 'ignore' });
  } catch {
    return {
      skipped: 'the anchor needs Debian python3-celery python3-psycopg2 python3-redis (apt-get install them)',
    };
  }
  const out = execFileSync('/usr/bin/python3', ['seed_design.py', '--n', String(n), '--c', String(clients), '--pool', 'prefork:4'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 600_000,
  });
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  const result = JSON.parse(line);
  return {
    submitPerS: result.submit_per_s,
    e2ePerS: result.e2e_per_s,
    latencyP50S: result.latency_p50_p99_s[0],
    latencyP99S: result.latency_p50_p99_s[1],
  };
}
