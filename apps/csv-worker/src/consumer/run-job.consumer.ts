import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { RunJobMessage } from '@validahub/job-contracts';
import { Consumption, QueueConsumer } from '@validahub/queue';
import { CsvWorkerConfig } from '../config/csv-worker.config';
import { RunExecutor } from './run-executor';

/**
 * Consumes the plan queues of WORKER_QUEUES (default all four), weighted by the seed's priorities
 * (enterprise 10 … free 1).
 */
@Injectable()
export class RunJobConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunJobConsumer.name);
  private consumption?: Consumption;

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly executor: RunExecutor,
    private readonly config: CsvWorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    const queues = this.config.queues.map((q) => ({ name: q.queue, weight: q.priority }));
    this.consumption = this.consumer.consume<RunJobMessage>(
      queues,
      (message) => this.executor.execute(message),
      {
        concurrency: this.config.concurrency,
      },
    );
    this.logger.log({
      msg: 'consuming',
      queues: queues.map((q) => q.name),
      concurrency: this.config.concurrency,
    });
  }

  /**
   * SIGTERM: stop taking runs, let the current ones finish within the grace, hand back the rest. Before
   * shutdown proper, so the thread pool and the queue connection are still there while runs drain.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumption?.close(this.config.shutdownGraceMs);
  }
}
