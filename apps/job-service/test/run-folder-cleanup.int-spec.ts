import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { JobResult } from '@validahub/job-contracts';
import { JobResponse } from '@validahub/job-contracts/http';
import { objectKeys } from '@validahub/storage';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

/**
 * Crash leftovers: a run writes into a folder of its own (objectKeys.runFolder) and only the job's result
 * names one. Here the runs are played by the test: it writes their folders into the service's storage the
 * way the worker does and reports for them on the job-events queue.
 */
describe('run folders left by killed and losing runs (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;

  beforeAll(async () => {
    await js.start();
    tenantId = (await js.tenant('enterprise')).tenant_id;
  });
  afterAll(() => js.dispose());

  const getJob = async (id: string): Promise<JobResponse> =>
    (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId })).body;
  const until = (id: string, check: (job: JobResponse) => boolean, what: string) =>
    waitFor(() => getJob(id), check, { what, timeoutMs: 15_000 });
  const eventsDrained = () =>
    waitFor(
      () => js.unappliedReports(),
      (n) => n === 0,
      { what: 'worker reports applied' },
    );

  /** A job whose attempt-1 run message the test holds (taken off the queue), reported started. */
  async function runningJob(): Promise<JobResponse> {
    const job = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${job.id}.1`),
      (pending) => pending,
      { what: 'dispatched' },
    );
    await js.publisher.remove('queue-enterprise', `${job.id}.1`);
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 1 });
    await until(job.id, (j) => j.status === 'running', 'running');
    return job;
  }

  const folderOf = (jobId: string, attempt: number, token: string) =>
    objectKeys.runFolder(tenantId, jobId, attempt, token);

  /** What a worker killed mid-run leaves: one artifact in place, another cut short as a temporary file. */
  async function killedRun(jobId: string, attempt: number, token: string): Promise<string> {
    const folder = folderOf(jobId, attempt, token);
    await js.storage.put(objectKeys.inFolder(folder, 'issues.csv'), Readable.from(['row,line\n']));
    await writeFile(join(js.storageRoot, folder, 'corrected.csv.partial-5f0e'), 'sku,title\nA1,Cane');
    return folder;
  }

  /** A run that wrote all its artifacts; returns the result it reports. */
  async function finishedRun(jobId: string, attempt: number, token: string): Promise<JobResult> {
    const folder = folderOf(jobId, attempt, token);
    const report = await js.storage.put(objectKeys.inFolder(folder, 'report.json'), Readable.from(['{}']));
    const issues = await js.storage.put(objectKeys.inFolder(folder, 'issues.csv'), Readable.from(['row\n']));
    return {
      summary: { rows: 1, valid: 1, invalid: 0, fixed: 0 },
      artifacts: [
        {
          name: 'report.json',
          key: report.key,
          size: 2,
          sha256: report.sha256,
          contentType: 'application/json',
        },
        { name: 'issues.csv', key: issues.key, size: 4, sha256: issues.sha256, contentType: 'text/csv' },
      ],
      usage: { cpuMs: 1, rows: 1, bytesRead: 30, bytesWritten: 6 },
    };
  }

  /** The sweep runs after the change commits: waits (bounded) until the job's run folders are `expected`. */
  const foldersSettle = (jobId: string, expected: string[]) =>
    waitFor(
      () => foldersOf(jobId),
      (folders) => JSON.stringify(folders) === JSON.stringify([...expected].sort()),
      { what: `run folders ${JSON.stringify(expected)}`, timeoutMs: 5_000 },
    );

  /** The run folders the job still has. */
  async function foldersOf(jobId: string): Promise<string[]> {
    const entries: string[] = [];
    for await (const entry of js.storage.listPrefixes(objectKeys.jobOf(tenantId, jobId))) entries.push(entry);
    return entries.sort();
  }

  it('removes a killed run’s folder once the reconciled re-run succeeds, and keeps the winner’s', async () => {
    const job = await runningJob();
    const killed = await killedRun(job.id, 1, 'dead0001');
    await eventsDrained();

    // The worker is gone: past JOB_LEASE_MS the reconciler retries the run as a new attempt.
    await new Promise((r) => setTimeout(r, 1_100));
    await js.reconciler.reconcile();
    expect(await getJob(job.id)).toMatchObject({
      status: 'retrying',
      attempt: 2,
      error: { code: 'WORKER_LOST' },
    });
    // Not terminal yet: the leftover waits for the outcome.
    expect(await foldersOf(job.id)).toEqual([killed]);

    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${job.id}.2`),
      (pending) => pending,
      { what: 'the retry dispatched', timeoutMs: 15_000 },
    );
    await js.sendEvent({ type: 'started', jobId: job.id, attempt: 2 });
    const result = await finishedRun(job.id, 2, 'live0002');
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 2, result });
    await until(job.id, (j) => j.status === 'succeeded', 'succeeded');

    await foldersSettle(job.id, [folderOf(job.id, 2, 'live0002')]);
    expect(await js.storage.stat(result.artifacts[0].key)).not.toBeNull();
  });

  it('removes a killed delivery’s folder when a redelivery of the same attempt wins, and a late duplicate’s once it reports', async () => {
    const job = await runningJob();
    const killed = await killedRun(job.id, 1, 'dead0003');
    const result = await finishedRun(job.id, 1, 'live0003');
    // The redelivery says so (a run that died midway is why there is one).
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result, delivery: 2 });
    await until(job.id, (j) => j.status === 'succeeded', 'succeeded');
    await eventsDrained();
    const winner = folderOf(job.id, 1, 'live0003');
    await foldersSettle(job.id, [winner]);
    expect(killed).not.toEqual(winner);

    // A third delivery kept writing after the job succeeded, then reported; the winner's report comes twice.
    const late = await finishedRun(job.id, 1, 'late0003');
    expect(await foldersOf(job.id)).toEqual([folderOf(job.id, 1, 'late0003'), winner]);
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result: late });
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result });
    await eventsDrained();

    await foldersSettle(job.id, [winner]);
    const after = await getJob(job.id);
    expect(after.result?.artifacts.map((a) => a.sha256)).toEqual(result.artifacts.map((a) => a.sha256));
  });

  it('lists nothing for a job that ran once: the first delivery of its only attempt', async () => {
    const job = await runningJob();
    // Something a listing would have removed, left there on purpose: nothing says a run died.
    const stray = await killedRun(job.id, 1, 'stray0006');
    const result = await finishedRun(job.id, 1, 'only0006');
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result, delivery: 1 });
    await until(job.id, (j) => j.status === 'succeeded', 'succeeded');
    await eventsDrained();
    expect(await foldersOf(job.id)).toEqual([folderOf(job.id, 1, 'only0006'), stray].sort());
  });

  it('removes the folder of a run whose message Redis lost, once the re-queued run of the same attempt wins', async () => {
    const job = (
      await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(await js.upload(tenantId)) })
    ).body;
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${job.id}.1`),
      (pending) => pending,
      { what: 'dispatched' },
    );
    // Redis is flushed while a run writes: the message is gone, and so is the report that run sent.
    await js.publisher.remove('queue-enterprise', `${job.id}.1`);
    const lost = await finishedRun(job.id, 1, 'lost0007');
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await js.reconciler.reconcile()).toMatchObject({ redispatched: 1 });
    await waitFor(
      () => js.inspector.isPending('queue-enterprise', `${job.id}.1`),
      (pending) => pending,
      { what: 'dispatched again', timeoutMs: 15_000 },
    );
    // The re-queued message's run is a first delivery again: nothing in its report says a run died.
    const result = await finishedRun(job.id, 1, 'again007');
    await js.sendEvent({ type: 'completed', jobId: job.id, attempt: 1, result, delivery: 1 });
    await until(job.id, (j) => j.status === 'succeeded', 'succeeded');
    await eventsDrained();
    await foldersSettle(job.id, [folderOf(job.id, 1, 'again007')]);
    expect(lost.artifacts[0].key).not.toEqual(result.artifacts[0].key);
  });

  it('removes every run folder of a failed job, but not one of a later attempt', async () => {
    const job = await runningJob();
    await killedRun(job.id, 1, 'dead0004');
    // As a client retry's run would be writing (the folder exists before that attempt is recorded here).
    const next = await killedRun(job.id, 2, 'next0004');
    await js.sendEvent({
      type: 'failed',
      jobId: job.id,
      attempt: 1,
      error: { code: 'INVALID_CSV', message: 'bad file', transient: false },
      delivery: 2,
    });
    await until(job.id, (j) => j.status === 'failed', 'failed');
    await eventsDrained();
    await foldersSettle(job.id, [next]);
  });

  it('removes a cancelled job’s run folders', async () => {
    const job = await runningJob();
    await killedRun(job.id, 1, 'dead0005');
    expect((await js.http('DELETE', `/internal/v1/jobs/${job.id}`, { tenantId })).status).toBe(200);
    await foldersSettle(job.id, []);
  });
});
