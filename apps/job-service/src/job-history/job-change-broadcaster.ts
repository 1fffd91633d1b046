import { Injectable } from '@nestjs/common';
import { NotificationChannel } from '@validahub/queue';
import { JobLifecycleChange, JobLifecycleListener } from '../jobs/job-lifecycle';

export const jobTopic = (jobId: string) => `job:${jobId}`;

/** Tells every job-service replica that a job changed, so open streams push the new events at once. */
@Injectable()
export class JobChangeBroadcaster extends JobLifecycleListener {
  constructor(private readonly channel: NotificationChannel) {
    super();
  }

  async onJobChanged({ job }: JobLifecycleChange): Promise<void> {
    await this.channel.publish(jobTopic(job.id), job.status);
  }
}
