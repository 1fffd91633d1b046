import { Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, JobEventMessage } from '@validahub/job-contracts';
import { Consumption, QueueConsumer } from '@validahub/queue';
import { JobEventApplier } from './job-event-applier';

/**
 * The reports queue of workers before the report stream (JobReportsConsumer): drained, one at a time, so
 * that reports of workers still on the previous release are applied during a rolling upgrade. Remove in
 * the release after: no worker publishes here any more.
 */
@Injectable()
export class JobEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumption?: Consumption;

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly applier: JobEventApplier,
  ) {}

  onApplicationBootstrap(): void {
    this.consumption = this.consumer.consume<JobEventMessage>(
      [{ name: JOB_EVENTS_QUEUE, weight: 1 }],
      // A throw (Postgres down) makes the queue redeliver the event later.
      async ({ payload }) => void (await this.applier.applyAll([payload])),
      // Reports take milliseconds to apply: a short lease gets the ones a crash interrupted back quickly.
      { concurrency: 1, leaseMs: 10_000 },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumption?.close(10_000);
  }
}
