import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobStatus, TransitionTrigger } from '@validahub/job-domain';
import { JobRow } from '../persistence/job-row';

/** One committed change of a job: its creation (`from` null) or a transition the rules applied. */
export interface JobLifecycleChange {
  /** The job right after this change (a batch that folded several changes of a job gives each its state). */
  readonly job: JobRow;
  readonly from: JobStatus | null;
  readonly trigger: TransitionTrigger | 'create';
}

/**
 * Told of the changes each write committed (live event channel, metrics, …), in order. Called after the
 * commit, so a listener can never undo or block a change; its failures are logged, not propagated. The
 * durable history does not depend on listeners: it is written in the same statement as the change.
 */
export abstract class JobLifecycleListener {
  abstract onJobsChanged(changes: readonly JobLifecycleChange[]): void | Promise<void>;
}

/** The listeners, in order; see AppModule for the list. */
export const JOB_LIFECYCLE_LISTENERS = Symbol('JOB_LIFECYCLE_LISTENERS');

@Injectable()
export class JobLifecycleNotifier {
  private readonly logger = new Logger(JobLifecycleNotifier.name);

  constructor(@Inject(JOB_LIFECYCLE_LISTENERS) private readonly listeners: readonly JobLifecycleListener[]) {}

  async notify(changes: readonly JobLifecycleChange[]): Promise<void> {
    if (changes.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener.onJobsChanged(changes);
      } catch (error) {
        this.logger.warn({
          msg: 'a job lifecycle listener failed',
          listener: listener.constructor.name,
          err: error,
        });
      }
    }
  }
}
