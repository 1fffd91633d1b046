import { Injectable } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import { CsvChecker } from './csv-check/csv-checker';
import { TaskContext, TaskHandler } from './task-handler';

/** `validate_csv_job`: the report and the per-cell issues; corrected.csv too when `auto_fix` is on. */
@Injectable()
export class ValidateCsvTask implements TaskHandler {
  constructor(private readonly checker: CsvChecker) {}

  run(context: TaskContext): Promise<JobResult> {
    return this.checker.check(context, context.run.params.auto_fix);
  }
}
