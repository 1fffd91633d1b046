import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobEvent, JobStatus } from '@validahub/job-domain';
import { JobEntity } from '../persistence/job.entity';

/** One committed change of a job: its creation (`from` null) or a transition the state machine allowed. */
export interface JobLifecycleChange {
  readonly job: JobEntity;
  readonly from: JobStatus | null;
  readonly event: JobEvent | 'create';
}

/**
 * Told of every committed change of a job (live event channel, metrics, …). Called after the commit, so a
 * listener can never undo or block a change; its failures are logged, not propagated. The durable history
 * does not depend on listeners: a database trigger writes it in the same transaction as the change.
 */
export abstract class JobLifecycleListener {
  abstract onJobChanged(change: JobLifecycleChange): void | Promise<void>;
}

/** The listeners, in order; see AppModule for the list. */
export const JOB_LIFECYCLE_LISTENERS = Symbol('JOB_LIFECYCLE_LISTENERS');

@Injectable()
export class JobLifecycleNotifier {
  private readonly logger = new Logger(JobLifecycleNotifier.name);

  constructor(@Inject(JOB_LIFECYCLE_LISTENERS) private readonly listeners: readonly JobLifecycleListener[]) {}

  async notify(change: JobLifecycleChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener.onJobChanged(change);
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
