import { Injectable } from '@nestjs/common';
import { JobLifecycleChange, JobLifecycleListener } from '../jobs/job-lifecycle';

/**
 * Asks the dispatcher for a pass after every status change (a start or an end frees a place in a queue or
 * under a tenant's cap; an end may release dependents). A listener of its own, without dependencies, because
 * the dispatcher itself depends on the transitions that notify the listeners.
 */
@Injectable()
export class DispatchRequests implements JobLifecycleListener {
  private handler?: () => void;

  onRequest(handler: () => void): void {
    this.handler = handler;
  }

  onJobsChanged(changes: readonly JobLifecycleChange[]): void {
    // Progress alone frees nothing.
    if (changes.some((c) => c.from !== null && c.from !== c.job.status)) this.handler?.();
  }
}
