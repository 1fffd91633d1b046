import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { ObjectStorage } from '@validahub/storage';
import { CsvWorkerConfig } from '../../config/csv-worker.config';
import { CsvCheckInput } from '../run-csv-check';
import { threadEntry } from '@validahub/thread-pool';
import { TerminableThreadPool } from './terminable-thread-pool';
import { FromThread } from './thread-protocol';

/** The worker's thread pool for the CSV engine (one thread per concurrent run at most). */
@Injectable()
export class TaskThreadPool implements OnApplicationShutdown {
  private readonly csvCheck: TerminableThreadPool<CsvCheckInput>;

  constructor(config: CsvWorkerConfig, storage: ObjectStorage) {
    this.csvCheck = new TerminableThreadPool(
      threadEntry(__dirname, 'csv-check.thread'),
      {
        maxThreads: config.concurrency,
        memoryMb: config.threadMemoryMb,
        hardGraceMs: config.hardGraceMs,
        storage: config.storage,
      },
      storage,
    );
  }

  runCsvCheck(
    input: CsvCheckInput,
    signal: AbortSignal,
    onReport: (report: FromThread) => void,
  ): Promise<JobResult> {
    return this.csvCheck.run(input, signal, onReport);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.csvCheck.destroy();
  }
}
