import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, JobEventMessage, JobResult, RunJobMessage } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { QueuePublisher } from '@validahub/queue';
import { CsvWorkerConfig } from '../config/csv-worker.config';

type EventBody =
  | { type: 'started' }
  | { type: 'progress'; progress: number; message: string }
  | { type: 'heartbeat' }
  | { type: 'completed'; result: JobResult; startedAt: string }
  | { type: 'failed'; error: JobFailure; startedAt: string }
  | { type: 'cancelled' };

// Reports must outlive a job-service outage: the queue keeps redelivering them (capped backoff) for hours.
const EVENT_ATTEMPTS = 1_000;

/** Sends a run's lifecycle to the job-service through the durable events queue; the worker never writes SQL. */
@Injectable()
export class JobEventReporter {
  constructor(
    private readonly publisher: QueuePublisher,
    private readonly config: CsvWorkerConfig,
  ) {}

  /** `at`: when it happened, if not now (a run's start, reported after the fact). */
  async report(run: RunJobMessage, body: EventBody, at: Date = new Date()): Promise<void> {
    const event = {
      v: 1,
      eventId: randomUUID(),
      jobId: run.jobId,
      attempt: run.attempt,
      at: at.toISOString(),
      workerId: this.config.workerId,
      correlationId: run.correlationId,
      ...body,
    } as JobEventMessage;
    await this.publisher.publish(JOB_EVENTS_QUEUE, event, {
      messageId: event.eventId,
      attempts: EVENT_ATTEMPTS,
      backoffMs: 1_000,
    });
  }
}
