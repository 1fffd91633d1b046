import { Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, JobEventMessage } from '@validahub/job-contracts';
import { Consumption, QueueConsumer } from '@validahub/queue';
import { JobEventApplier } from './job-event-applier';

/** Workers' reports wait in a durable queue, so they are applied even if this service was down meanwhile. */
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
      { concurrency: 4, leaseMs: 10_000 },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumption?.close(10_000);
  }
}
