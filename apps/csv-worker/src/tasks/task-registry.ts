import { Injectable } from '@nestjs/common';
import { TaskName } from '@validahub/job-domain';
import { CorrectCsvTask } from './correct-csv.task';
import { TaskHandler } from './task-handler';
import { ValidateCsvTask } from './validate-csv.task';

/** Every task name has a handler: adding a name to TASK_NAMES without one fails to compile here. */
@Injectable()
export class TaskRegistry {
  private readonly handlers: Readonly<Record<TaskName, TaskHandler>>;

  constructor(validate: ValidateCsvTask, correct: CorrectCsvTask) {
    this.handlers = { validate_csv_job: validate, correct_csv_job: correct };
  }

  handlerFor(task: TaskName): TaskHandler {
    return this.handlers[task];
  }
}
