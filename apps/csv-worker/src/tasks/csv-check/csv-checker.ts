import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { ObjectStorage } from '@validahub/storage';
import { threadEntry } from '@validahub/thread-pool';
import { CsvWorkerConfig } from '../../config/csv-worker.config';
import { stageTimer } from '../stage-timing';
import { TaskContext } from '../task-handler';
import { CsvCheckInput, locateInput, runCsvCheck } from './run-csv-check';
import { TerminableThreadPool } from './terminable-thread-pool';

/**
 * Where a CSV check runs. A small input is checked on the worker's own thread: it takes about a millisecond,
 * less than handing it to a thread and back would. A larger one runs in a task thread, so its CPU work never
 * starves the event loop (queue locks, heartbeats) and its hard time limit can terminate it.
 */
@Injectable()
export class CsvChecker implements OnApplicationShutdown {
  private readonly threads: TerminableThreadPool<CsvCheckInput>;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly config: CsvWorkerConfig,
  ) {
    this.threads = new TerminableThreadPool(
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

  async check(context: TaskContext, autoFix: boolean): Promise<JobResult> {
    const input = await locateInput(this.storage, context.run);
    const inline = input.bytes <= this.config.inlineCheckMaxBytes;
    const check: CsvCheckInput = {
      run: context.run,
      inputKey: input.key,
      inputBytes: input.bytes,
      folder: context.folder,
      autoFix,
      findingsPerRule: this.config.findingsPerRule,
      inMemory: inline,
    };
    if (inline)
      return runCsvCheck(
        this.storage,
        check,
        context.signal,
        (progress) => context.reportProgress(progress),
        stageTimer((timing) => context.reportStage(timing)),
      );
    return this.threads.run(check, context.signal, (report) =>
      report.type === 'progress'
        ? context.reportProgress(report.progress)
        : context.reportStage(report.timing),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.threads.destroy();
  }
}
