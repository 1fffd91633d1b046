import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from '../api-client';
import { Submission } from './load-generator';

export interface ScenarioFigures {
  readonly scenario: string;
  readonly acknowledged: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Acknowledged but missing, or still unfinished after the bound. */
  readonly lost: number;
  /** Idempotency keys that produced more than one job. */
  readonly duplicated: number;
  /** Artifacts whose download does not match the recorded SHA-256, or a report that does not parse. */
  readonly corrupt: number;
  /** Succeeded jobs whose history does not hold exactly one `job.completed`: a result applied twice (or never). */
  readonly completedTwice: number;
  readonly retried: number;
  /**
   * Run folders a finished job still has beyond its result's (a succeeded job keeps exactly one, holding its
   * artifacts; a failed or cancelled job none): what killed and losing runs left behind.
   */
  readonly leftoverFolders: number;
  /** From the fault until every acknowledged job was terminal. */
  readonly recoverySeconds: number;
  /** Each failed job's `error.code: message`, counted: what a failure was, when there is one. */
  readonly failures: Record<string, number>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

async function allJobs(client: ApiClient): Promise<any[]> {
  const jobs: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: any[]; next_cursor: string | null } } = await client.call(
      'GET',
      `/api/v1/jobs?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    jobs.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  return jobs;
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Waits until the tenant has no unfinished job (or the bound passes); returns the seconds since `faultAt`. */
export async function waitForQuiet(client: ApiClient, faultAt: number, boundMs: number): Promise<number> {
  while (Date.now() - faultAt < boundMs) {
    const pending = await Promise.all(
      ['queued', 'running', 'retrying'].map((s) =>
        client.call('GET', `/api/v1/jobs?status=${s}&limit=1`).catch(() => undefined),
      ),
    );
    if (pending.every((answer) => answer?.status === 200 && answer.body.items.length === 0))
      return (Date.now() - faultAt) / 1000;
    await sleep(500);
  }
  return Number.POSITIVE_INFINITY;
}

/** Where the platform's storage keeps a tenant's jobs (the local driver: one folder per key prefix). */
export interface JobFolders {
  readonly storageRoot: string;
  readonly tenantId: string;
}

/** The run folders of finished jobs beyond the one a succeeded job's result names. */
async function countLeftoverFolders({ storageRoot, tenantId }: JobFolders, jobs: any[]): Promise<number> {
  let leftovers = 0;
  await inParallel(jobs, 16, async (job) => {
    const folder = join(storageRoot, 'tenants', tenantId, 'jobs', job.id);
    const runs = await readdir(folder).catch(() => [] as string[]);
    if (job.status !== 'succeeded') return void (leftovers += runs.length);
    // The result's folder is the one holding exactly its artifacts (the API shows names, not keys).
    const names = job.result.artifacts
      .map((a: { name: string }) => a.name)
      .sort()
      .join(',');
    let winners = 0;
    for (const run of runs)
      if ((await readdir(join(folder, run)).catch(() => [])).sort().join(',') === names) winners += 1;
    leftovers += runs.length - Math.min(winners, 1);
  });
  return leftovers;
}

/**
 * Leftover run folders once they settle: a duplicate delivery may still be finishing after its job became
 * terminal, and its folder goes when its report is applied.
 */
async function settledLeftoverFolders(folders: JobFolders, jobs: any[], boundMs: number): Promise<number> {
  const until = Date.now() + boundMs;
  for (;;) {
    const leftovers = await countLeftoverFolders(folders, jobs);
    if (leftovers === 0 || Date.now() > until) return leftovers;
    await sleep(1_000);
  }
}

/** Checks every acknowledged job: exactly one job per key, terminal, intact artifacts, no leftover folders. */
export async function audit(
  scenario: string,
  client: ApiClient,
  submissions: Submission[],
  recoverySeconds: number,
  expectedRows: number,
  folders: JobFolders,
): Promise<ScenarioFigures> {
  const jobs = await allJobs(client);
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const keys = new Map<string, number>();
  for (const job of jobs)
    if (job.idempotency_key) keys.set(job.idempotency_key, (keys.get(job.idempotency_key) ?? 0) + 1);
  const acknowledged = submissions.filter((s) => s.ids.size > 0);
  const duplicated = acknowledged.filter((s) => s.ids.size > 1 || (keys.get(s.key) ?? 0) > 1).length;
  const lost = acknowledged.filter((s) =>
    [...s.ids].some((id) => !byId.has(id) || !TERMINAL.has(byId.get(id).status)),
  ).length;
  const succeeded = jobs.filter((j) => j.status === 'succeeded');
  let corrupt = 0;
  let completedTwice = 0;
  await inParallel(succeeded, 16, async (job) => {
    const history = await client.call('GET', `/api/v1/jobs/${job.id}/events?limit=500`);
    const completions = (history.body.items as { type: string }[]).filter((e) => e.type === 'job.completed');
    if (history.status !== 200 || completions.length !== 1) completedTwice += 1;
    for (const artifact of job.result.artifacts) {
      const { status, bytes } = await client.download(artifact.url);
      let intact =
        status === 200 &&
        createHash('sha256').update(bytes).digest('hex') === artifact.sha256 &&
        bytes.length === artifact.size;
      if (intact && artifact.name === 'report.json')
        intact = JSON.parse(bytes.toString('utf8')).summary?.rows === expectedRows;
      if (!intact) corrupt += 1;
    }
    if (
      new Set(job.result.artifacts.map((a: { name: string }) => a.name)).size !== job.result.artifacts.length
    )
      corrupt += 1;
  });
  return {
    scenario,
    acknowledged: acknowledged.length,
    succeeded: succeeded.length,
    failed: jobs.filter((j) => j.status === 'failed').length,
    cancelled: jobs.filter((j) => j.status === 'cancelled').length,
    lost,
    duplicated,
    corrupt,
    completedTwice,
    retried: jobs.filter((j) => j.attempt > 1).length,
    leftoverFolders: await settledLeftoverFolders(
      folders,
      jobs.filter((j) => TERMINAL.has(j.status)),
      30_000,
    ),
    recoverySeconds,
    failures: countBy(
      jobs
        .filter((j) => j.status === 'failed')
        .map((j) => `${j.error?.code ?? 'none'}: ${String(j.error?.message ?? '').slice(0, 120)}`),
    ),
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
