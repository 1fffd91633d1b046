// Wire names: they travel in queue messages and API bodies; renaming one needs a migration plan.
export const TASK_NAMES = ['validate_csv_job', 'correct_csv_job'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(value: unknown): value is TaskName {
  return typeof value === 'string' && (TASK_NAMES as readonly string[]).includes(value);
}
