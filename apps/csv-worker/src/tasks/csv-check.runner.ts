import { Injectable } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { CsvWorkerConfig } from '../config/csv-worker.config';
import { TaskContext } from './task-handler';
import { TaskThreadPool } from './threads/task-thread-pool';

/** The two CSV tasks differ only in whether they fix; both run the engine in a task thread. */
@Injectable()
export class CsvCheckRunner {
  constructor(
    private readonly threads: TaskThreadPool,
    private readonly config: CsvWorkerConfig,
  ) {}

  run(context: TaskContext, autoFix: boolean): Promise<JobResult> {
    return this.threads.runCsvCheck(
      { run: context.run, folder: context.folder, autoFix, findingsPerRule: this.config.findingsPerRule },
      context.signal,
      (report) =>
        report.type === 'rows'
          ? context.reportRows(report.done, report.total)
          : context.reportStage(report.timing),
    );
  }
}
