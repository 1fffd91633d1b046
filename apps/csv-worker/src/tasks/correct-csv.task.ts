import { Injectable } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { CsvCheckRunner } from './csv-check.runner';
import { TaskContext, TaskHandler } from './task-handler';

/** `correct_csv_job`: always applies the safe fixes and produces corrected.csv. */
@Injectable()
export class CorrectCsvTask implements TaskHandler {
  constructor(private readonly runner: CsvCheckRunner) {}

  run(context: TaskContext): Promise<JobResult> {
    return this.runner.run(context, true);
  }
}
