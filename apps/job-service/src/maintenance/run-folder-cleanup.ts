import { Injectable, Logger } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { JobStatus } from '@validahub/job-domain';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { JobLifecycleChange, JobLifecycleListener } from '../jobs/job-lifecycle';
import { JobRow } from '../persistence/job-row';

const TERMINAL: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** The run folder a result's artifacts lie in (a result is one run's work, in that run's folder). */
const folderOfResult = (result: JobResult | null): string | undefined =>
  result?.artifacts[0] ? objectKeys.folderOf(result.artifacts[0].key) : undefined;

/**
 * Removes the run folders nobody will publish. Each run (one delivery of one attempt) writes into a folder of
 * its own and only the job's `result` names one; a worker killed mid-run leaves its folder, and so does a
 * duplicate delivery whose completion lost. So:
 *
 * - when a job becomes terminal, no run of its attempts can win any more: every run folder of those attempts
 *   except the result's is deleted. A duplicate still writing there (at-least-once delivery, or the run a
 *   client just cancelled) finds its folder gone: its writes fail and its report is ignored, or it finishes
 *   into a folder nobody publishes and its `completed` report is ignored, which is the second case;
 * - a `completed` report the state machine ignored (late, duplicate, or of an older attempt) is a run that
 *   finished writing and lost: its folder is deleted.
 *
 * Folders of later attempts are never touched (a client retry may be writing one). Failures are logged: a
 * folder left behind is only space, which the retention sweep reclaims with the job.
 */
@Injectable()
export class RunFolderCleanup extends JobLifecycleListener {
  private readonly logger = new Logger(RunFolderCleanup.name);

  constructor(private readonly storage: ObjectStorage) {
    super();
  }

  /**
   * Looked at here: jobs that ended after more than one attempt, or after the reconciler re-queued a message
   * Redis lost (the lost message's run may have written and never reported), and cancelled ones (a run of
   * theirs may have died). A first attempt's extra runs otherwise only come from a redelivery, which its
   * outcome report says (the applier then calls `sweep`). So a job that ran once, the common case, costs no
   * listing.
   */
  async onJobsChanged(changes: readonly JobLifecycleChange[]): Promise<void> {
    const ended = new Map<string, JobRow>();
    for (const { job, trigger } of changes)
      if (TERMINAL.has(job.status) && (job.attempt > 1 || job.redispatches > 0 || trigger === 'cancel'))
        ended.set(job.id, job);
    await Promise.all([...ended.values()].map((job) => this.sweep(job)));
  }

  /** Deletes every run folder of the job's attempts so far except the one its result names. */
  async sweep(job: JobRow): Promise<void> {
    if (!TERMINAL.has(job.status)) return;
    const winner = folderOfResult(job.result);
    // A success always names its folder; without one, nothing can be told apart safely.
    if (job.status === 'SUCCEEDED' && !winner) return;
    const leftovers: string[] = [];
    try {
      for await (const entry of this.storage.listPrefixes(objectKeys.jobOf(job.tenantId, job.id))) {
        const attempt = objectKeys.attemptOfRunFolder(entry);
        if (attempt !== null && attempt <= job.attempt && entry !== winner) leftovers.push(entry);
      }
    } catch (error) {
      this.logger.warn({ msg: 'could not list the job’s run folders', err: error });
      return;
    }
    await Promise.all(leftovers.map((folder) => this.remove(folder)));
  }

  /** A run reported `completed` and the state machine ignored it: nobody will publish its folder. */
  async discardLosingRun(job: JobRow, result: JobResult): Promise<void> {
    const folder = folderOfResult(result);
    if (!folder || folder === folderOfResult(job.result)) return; // the same run's report, delivered twice
    // Only a run folder of this job: the keys come from a message, not from this service.
    const attempt = objectKeys.attemptOfRunFolder(folder);
    if (attempt === null || !folder.startsWith(objectKeys.jobOf(job.tenantId, job.id))) return;
    await this.remove(folder);
  }

  private async remove(folder: string): Promise<void> {
    try {
      await this.storage.deletePrefix(folder);
      this.logger.log({ msg: 'removed a run folder no result names', folder });
    } catch (error) {
      this.logger.warn({ msg: 'could not remove a run folder', folder, err: error });
    }
  }
}
