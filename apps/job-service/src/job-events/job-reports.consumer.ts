import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { JOB_REPORTS_STREAM, JobEventMessage } from '@validahub/job-contracts';
import { BatchOutcome, Consumption, ReportStreamConsumer, StreamEntry } from '@validahub/queue';
import { isDatabaseUnavailable } from '../persistence/database-unavailable';
import { JobEventApplier } from './job-event-applier';

// Wire name: every job-service replica consumes in this group; renaming it needs a migration plan.
const GROUP = 'job-service';

/**
 * Workers' reports wait in a durable stream, so they are applied even if this service was down meanwhile,
 * and they are applied a batch at a time: one read and one write in Postgres for all the jobs of a batch.
 */
@Injectable()
export class JobReportsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobReportsConsumer.name);
  private consumption?: Consumption;

  constructor(
    private readonly reports: ReportStreamConsumer,
    private readonly applier: JobEventApplier,
  ) {}

  onApplicationBootstrap(): void {
    this.consumption = this.reports.consume<JobEventMessage>(
      JOB_REPORTS_STREAM,
      (batch) => this.apply(batch),
      {
        group: GROUP,
        maxBatch: 500,
        // A batch takes milliseconds; a crashed replica's batch goes to another one this soon.
        leaseMs: 10_000,
        // Hours of redelivery with capped backoff: reports must outlive a Postgres outage.
        maxDeliveries: 1_000,
        retryBackoffMs: 500,
        onDeadLetter: (dead) =>
          this.logger.error({
            msg: 'worker report given up on',
            id: dead.id,
            reason: dead.reason,
            report: dead.payload,
          }),
      },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumption?.close(10_000);
  }

  /**
   * The whole batch at once. If that fails with Postgres down, the batch is delivered again later; any other
   * failure is one report's (say, one that breaks a constraint): each is then applied alone, and only the
   * ones that fail go back, so one bad report never holds up the others.
   */
  private async apply(batch: readonly StreamEntry<JobEventMessage>[]): Promise<BatchOutcome | void> {
    try {
      await this.applier.applyAll(
        batch.map((entry) => entry.payload),
        batch.map((entry) => entry.trace),
      );
      return;
    } catch (error) {
      if (isDatabaseUnavailable(error) || batch.length === 1) throw error;
      this.logger.warn({
        msg: 'a batch of reports failed; applying them one by one',
        size: batch.length,
        err: error,
      });
    }
    const retry: string[] = [];
    for (const entry of batch) {
      await this.applier.applyAll([entry.payload], [entry.trace]).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) throw error;
        this.logger.warn({ msg: 'a report could not be applied', id: entry.id, err: error });
        retry.push(entry.id);
      });
    }
    return { retry };
  }
}
