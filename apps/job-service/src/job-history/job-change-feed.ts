import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { NotificationChannel, Unsubscribe } from '@validahub/queue';
import { JobLifecycleChange, JobLifecycleListener } from '../jobs/job-lifecycle';

// Wire name: every job-service replica publishes and listens on it; renaming it needs a migration plan.
const JOBS_CHANGED_TOPIC = 'jobs-changed';

/**
 * Tells every job-service replica which jobs changed, so open streams push the new history at once: one
 * notification per committed batch (the ids, comma-separated), and one subscription per replica that wakes
 * the local streams watching those jobs. Creations are not announced: no stream can be open on a job before
 * its creation is answered. Lossy like its channel: streams also poll.
 */
@Injectable()
export class JobChangeFeed extends JobLifecycleListener implements OnModuleDestroy {
  private readonly watchers = new Map<string, Set<() => void>>();
  private subscription?: Promise<Unsubscribe>;

  constructor(private readonly channel: NotificationChannel) {
    super();
  }

  async onJobsChanged(changes: readonly JobLifecycleChange[]): Promise<void> {
    const ids = new Set(changes.filter((c) => c.from !== null).map((c) => c.job.id));
    if (ids.size > 0) await this.channel.publish(JOBS_CHANGED_TOPIC, [...ids].join(','));
  }

  /** Calls `wake` whenever a change of `jobId` is announced, by any replica, until the returned stop. */
  async watch(jobId: string, wake: () => void): Promise<() => void> {
    await this.subscribe();
    const set = this.watchers.get(jobId) ?? new Set();
    set.add(wake);
    this.watchers.set(jobId, set);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.watchers.delete(jobId);
    };
  }

  async onModuleDestroy(): Promise<void> {
    const unsubscribe = await this.subscription?.catch(() => undefined);
    await unsubscribe?.();
  }

  private subscribe(): Promise<Unsubscribe> {
    this.subscription ??= this.channel
      .subscribe(JOBS_CHANGED_TOPIC, (message) => {
        for (const id of message.split(',')) for (const wake of this.watchers.get(id) ?? []) wake();
      })
      .catch((error: unknown) => {
        // Try again at the next watch; meanwhile streams poll.
        this.subscription = undefined;
        throw error;
      });
    return this.subscription;
  }
}
