import { Injectable } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { CsvChecker } from './csv-check/csv-checker';
import { TaskContext, TaskHandler } from './task-handler';

/** `correct_csv_job`: always applies the safe fixes and produces corrected.csv. */
@Injectable()
export class CorrectCsvTask implements TaskHandler {
  constructor(private readonly checker: CsvChecker) {}

  run(context: TaskContext): Promise<JobResult> {
    return this.checker.check(context, true);
  }
}
